/**
 * Checks of `data.backup` against the rest of the data section: a vault lock exactly where the
 * environment keeps its data, and retention periods the lock accepts (a compliance lock cannot be
 * widened later, so a rule outside its bounds would fail every backup job from then on).
 */
import { isInvalid, obj, type Raw } from '../config/raw';

/** Structurally `ConfigProblem` (config/rules.ts registers this check); no import, so no cycle. */
interface Problem {
  readonly path: string;
  readonly message: string;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);

export function backupProblems(raw: Raw): Problem[] {
  const problems: Problem[] = [];
  const add = (field: string, message: string) => problems.push({ path: `data.backup${field ? `.${field}` : ''}`, message });
  const data = obj(raw.data);
  const backup = obj(data.backup);
  const removal = data.removalPolicy;
  const lock = backup.vaultLock === undefined || isInvalid(backup.vaultLock) ? undefined : obj(backup.vaultLock);
  const daily = backup.retentionDays === undefined ? 35 : num(backup.retentionDays);
  const monthly = num(backup.monthlyRetentionDays);

  if (removal === 'retain' && backup.vaultLock === undefined) {
    add(
      'vaultLock',
      'required where data.removalPolicy is "retain": set mode "compliance" (immutable once its 3-day grace time has passed: nobody can shorten a retention or delete a recovery point early, ever) or "governance" (the same, but an administrator may lift it), with minRetentionDays and maxRetentionDays around the retention periods (docs/data.md, Backups)',
    );
  }
  if (removal === 'destroy' && lock) {
    add('vaultLock', 'a locked vault keeps its recovery points past any teardown, but data.removalPolicy "destroy" says the data may go: remove vaultLock, or set data.removalPolicy to "retain"');
  }
  if (daily !== undefined && monthly !== undefined && monthly < daily) {
    add('monthlyRetentionDays', `the monthly recovery points (${monthly} days) would go before the daily ones (${daily} days); keep them longer, or drop monthlyRetentionDays`);
  }
  if (lock) {
    const min = num(lock.minRetentionDays);
    const max = num(lock.maxRetentionDays);
    if (min !== undefined && max !== undefined && min > max) add('vaultLock.minRetentionDays', `${min} is more than maxRetentionDays (${max})`);
    const within = (field: string, value: number | undefined) => {
      if (value === undefined) return;
      if (min !== undefined && value < min) add(field, `${value} days is less than the vault lock's minRetentionDays (${min}): every backup job of the rule would fail; keep at least ${min} days`);
      if (max !== undefined && value > max) add(field, `${value} days is more than the vault lock's maxRetentionDays (${max}): every backup job of the rule would fail; keep at most ${max} days`);
    };
    within('retentionDays', daily);
    within('monthlyRetentionDays', monthly);
  }
  return problems;
}
