import type { EnvironmentConfig } from '../config/schema';

/**
 * A compliance-mode lock becomes immutable after this many days (ChangeableForDays): the shortest
 * grace time AWS Backup allows, in which a mistaken lock can still be removed.
 */
export const VAULT_LOCK_GRACE_DAYS = 3;

/** The environment's AWS Backup plan (SPEC section 8, issue 16), resolved. */
export interface BackupModel {
  /** Vault and plan name: `<project>-<env>-backup`. */
  readonly name: string;
  readonly retentionDays: number;
  readonly monthlyRetentionDays?: number;
  readonly vaultLock?: {
    readonly mode: 'compliance' | 'governance';
    readonly minRetentionDays: number;
    readonly maxRetentionDays: number;
    /** Compliance mode only: days until the lock can no longer be changed or removed. */
    readonly changeableForDays?: number;
  };
}

export function resolveBackup(env: EnvironmentConfig): BackupModel {
  const { backup } = env.data;
  const lock = backup.vaultLock;
  return {
    name: `${env.project}-${env.name}-backup`,
    retentionDays: backup.retentionDays,
    monthlyRetentionDays: backup.monthlyRetentionDays,
    vaultLock: lock && {
      mode: lock.mode,
      minRetentionDays: lock.minRetentionDays,
      maxRetentionDays: lock.maxRetentionDays,
      changeableForDays: lock.mode === 'compliance' ? VAULT_LOCK_GRACE_DAYS : undefined,
    },
  };
}
