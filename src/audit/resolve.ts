/**
 * The `audit` section resolved: what the account's audit stack holds, as this environment states it
 * (every environment of one account must state the same, `account-rules.ts`).
 */
import type { EnvironmentConfig } from '../config/schema';
import type { GUARD_DUTY_MODES } from './schema';

export type GuardDutyMode = (typeof GUARD_DUTY_MODES)[number];

export interface AuditModel {
  /** The organization records the account: no audit stack. */
  readonly organizationTrail: boolean;
  /** Region of the account's multi-Region trail, its log group and alarms. */
  readonly homeRegion: string;
  readonly logRetentionDays: number;
  /** Days the trail bucket keeps (and, where data is retained, locks) each log file. */
  readonly retentionDays: number;
  readonly alarmEmail?: string;
  readonly guardDuty: GuardDutyMode;
}

export function resolveAudit(env: EnvironmentConfig): AuditModel {
  const a = env.audit;
  return {
    organizationTrail: a.organizationTrail,
    homeRegion: a.homeRegion ?? env.region,
    logRetentionDays: a.logRetentionDays,
    retentionDays: a.retentionDays,
    alarmEmail: a.alarmEmail,
    guardDuty: a.guardDuty,
  };
}
