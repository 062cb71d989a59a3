/**
 * Checks of the `audit` section against the rest of the file. Agreement between the environments
 * of one account is checked across the fleet (`account-rules.ts`).
 */
import { obj, type Raw } from '../config/raw';
import { partitionOf } from '../config/regions';

/** Structurally `ConfigProblem` (config/rules.ts registers this check); no import, so no cycle. */
interface Problem {
  readonly path: string;
  readonly message: string;
}

export function auditProblems(raw: Raw): Problem[] {
  const problems: Problem[] = [];
  const audit = obj(raw.audit);
  const region = typeof raw.region === 'string' ? raw.region : undefined;
  const home = typeof audit.homeRegion === 'string' ? audit.homeRegion : undefined;
  if (audit.organizationTrail === true) {
    for (const field of ['homeRegion', 'alarmEmail', 'logRetentionDays', 'retentionDays'] as const) {
      if (audit[field] !== undefined) {
        problems.push({ path: `audit.${field}`, message: 'organizationTrail is true, so the organization records the account and no audit stack is built: remove this field, or set organizationTrail to false' });
      }
    }
    if (audit.guardDuty !== undefined && audit.guardDuty !== 'off') {
      problems.push({ path: 'audit.guardDuty', message: 'organizationTrail is true, so no audit stack is built and no detector is managed here: remove guardDuty (the organization\'s delegated GuardDuty administrator enables it), or set organizationTrail to false' });
    }
  }
  if (region && home && partitionOf(region) && partitionOf(home) !== partitionOf(region)) {
    problems.push({ path: 'audit.homeRegion', message: `${home} is not in the partition of ${region}; a trail records one partition: pick a region of ${partitionOf(region)}` });
  }
  return problems;
}
