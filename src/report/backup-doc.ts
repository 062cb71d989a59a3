/** The "Backups" section of docs/data.md: the AWS Backup plan of each shipped environment. */
import type { PlatformModel } from '../config/model';
import { VAULT_LOCK_GRACE_DAYS } from '../data/backup-resolve';

export function backupSection(models: readonly PlatformModel[]): string[] {
  const row = (label: string, value: (m: PlatformModel) => string) => `| ${label} | ${models.map(value).join(' | ')} |`;
  const lock = (m: PlatformModel) => {
    const l = m.data.backup.vaultLock;
    return l ? `${l.mode}, ${l.minRetentionDays} to ${l.maxRetentionDays} d${l.changeableForDays ? `, fixed after ${l.changeableForDays} d` : ''}` : 'none';
  };
  return [
    '## Backups',
    '',
    'Each environment has an AWS Backup plan (`data.backup`, `src/data/backup-plan.ts`) that selects the',
    'three stores that hold data: the Aurora cluster, the DocumentDB cluster and the EFS file system.',
    'The daily rule runs at 03:00 UTC, after the databases\' own backup window (02:00-03:00), whose',
    'automated backups keep giving point-in-time restore within their retention; the plan adds copies',
    'in a vault the databases cannot delete. The vault `<project>-<env>-backup` is encrypted with the data',
    'key (EFS recovery points; the database snapshots keep their own key, the same data key). EFS\'s own',
    'automatic backups are off: the plan replaces them.',
    '',
    `| setting | ${models.map((m) => m.envName).join(' | ')} |`,
    `|---|${models.map(() => '---').join('|')}|`,
    row('daily recovery points kept', (m) => `${m.data.backup.retentionDays} d`),
    row('monthly recovery points kept', (m) => (m.data.backup.monthlyRetentionDays ? `${m.data.backup.monthlyRetentionDays} d` : 'no monthly rule')),
    row('Vault Lock', lock),
    row('vault on stack deletion', (m) => (m.data.retain ? 'kept; deleting recovery points refused' : 'deleted (the teardown deletes its recovery points first)')),
    '',
    'Where `data.removalPolicy` is `retain`, `data.backup.vaultLock` is required, with a decision made in',
    'the file: `compliance` or `governance`. Both refuse a backup job whose retention falls outside',
    'the lock\'s minimum and maximum, and refuse deleting a recovery point before its retention ends.',
    `**A compliance-mode lock cannot be undone.** For ${VAULT_LOCK_GRACE_DAYS} days after it is set (its grace time)`,
    'it can still be changed or removed (`aws backup delete-backup-vault-lock-configuration`); after that',
    'nobody, neither the account\'s root user nor AWS, can remove it, shorten a recovery point\'s',
    'retention, or delete the vault while it holds recovery points. Choose the bounds for the life of',
    'the vault: the rules check that every retention of the file lies inside them, because a later',
    'change outside them would fail every backup job. To change the bounds after the grace time, create',
    'a new vault (rename the environment\'s plan) and let the old one expire. `governance` applies the',
    'same rules, but a principal allowed `backup:DeleteBackupVaultLockConfiguration` may lift the lock.',
    'Environments that destroy their data take no lock (the rules refuse one).',
    '',
    'Restore a recovery point with `aws backup start-restore-job` (or the console) into a new',
    'database or file system, then point the application at it; the plan\'s role may back up only,',
    'never restore.',
    '',
  ];
}
