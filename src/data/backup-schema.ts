/**
 * `data.backup`: the environment's AWS Backup plan for Aurora, DocumentDB and EFS (issue 16). The
 * checks against `data.removalPolicy` and between the retention periods live in `backup-rules.ts`.
 */
import { z } from 'zod';

/** AWS Backup's bounds of a rule's retention and of a vault lock's retention (days). */
export const BACKUP_RETENTION = { min: 1, max: 36500 } as const;

const days = (what: string) =>
  z
    .number()
    .int()
    .min(BACKUP_RETENTION.min, `${what} is at least ${BACKUP_RETENTION.min} day`)
    .max(BACKUP_RETENTION.max, `${what} is at most ${BACKUP_RETENTION.max} days (AWS Backup's limit)`);

export const VAULT_LOCK_MODES = ['compliance', 'governance'] as const;

export const backupSchema = z
  .strictObject({
    retentionDays: days('retentionDays').default(35).describe('Days each daily recovery point is kept (the daily rule runs at 03:00 UTC, after the databases\' own backup window).'),
    monthlyRetentionDays: days('monthlyRetentionDays')
      .optional()
      .describe('Days each monthly recovery point (the 1st of the month) is kept; absent: no monthly rule.'),
    vaultLock: z
      .strictObject({
        mode: z
          .enum(VAULT_LOCK_MODES, { message: 'vaultLock.mode must be "compliance" or "governance"' })
          .describe(
            'compliance: after a grace time of 3 days nobody, the root user and AWS included, can change or remove the lock or delete a recovery point before its retention ends; the lock can never be undone. governance: the same rules, but a principal allowed backup:DeleteBackupVaultLockConfiguration may lift them.',
          ),
        minRetentionDays: days('vaultLock.minRetentionDays').describe('Shortest retention the vault accepts: a rule that keeps less fails its backup jobs.'),
        maxRetentionDays: days('vaultLock.maxRetentionDays').describe('Longest retention the vault accepts: a rule that keeps more fails its backup jobs.'),
      })
      .optional()
      .describe('Required where data.removalPolicy is "retain", refused otherwise: the AWS Backup Vault Lock of the environment\'s vault (docs/data.md, Backups).'),
  })
  .default({ retentionDays: 35 })
  .describe('AWS Backup of Aurora, DocumentDB and EFS into the environment\'s vault, encrypted with the data key (docs/data.md, Backups).');
