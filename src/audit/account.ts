/**
 * The audit stack of an environment's account and region, shaped from the fleet: the account's
 * environments (src/delivery/fleet.ts `accountMembers`, the grouping the delivery stack uses)
 * decide whether it keeps its evidence (any of them retains its data) and must agree on the
 * `audit` section. The trail, its alarms and topic live in the home region's stack; every region
 * with an environment gets its GuardDuty detector (a detector is per account and region).
 */
import { ENVIRONMENTS_DIR } from '../config/load';
import type { PlatformModel } from '../config/model';
import { accountMembers } from '../delivery/fleet';
import { DEFAULT_BOOTSTRAP_QUALIFIER } from '../delivery/schema';
import { auditAccountProblems } from './account-rules';
import type { GuardDutyMode } from './resolve';

export interface AccountAudit {
  readonly stackName: string;
  readonly project: string;
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  /** Present in the home region only: one multi-Region trail records the whole account. */
  readonly trail?: {
    readonly name: string;
    readonly logGroupName: string;
    readonly logRetentionDays: number;
    readonly retentionDays: number;
    /** Metric namespace of the CIS filters. */
    readonly namespace: string;
  };
  readonly guardDuty: GuardDutyMode;
  readonly alarmEmail?: string;
  /** Some environment of the account keeps its data: the evidence is kept too (Object Lock in compliance mode). */
  readonly retain: boolean;
  /** CDK bootstrap qualifier of the account and region. */
  readonly qualifier: string;
  readonly tags: Readonly<Record<string, string>>;
}

export type AuditChoice =
  | { readonly ok: true; readonly account?: AccountAudit }
  | { readonly ok: false; readonly problems: ReadonlyArray<{ readonly file: string; readonly path: string; readonly message: string }> };

/** `<project>-<account>-<region>-audit`. */
export function auditStackName(model: PlatformModel): string {
  return `${model.project}-${model.account}-${model.region}-audit`;
}

export function auditFor(model: PlatformModel, source: string, dir = ENVIRONMENTS_DIR): AuditChoice {
  if (model.audit.organizationTrail) return { ok: true };
  const members = accountMembers(model, source, dir);
  const problems = auditAccountProblems(members);
  if (problems.length) return { ok: false, problems };
  const { audit, project, account, region } = model;
  const home = region === audit.homeRegion;
  // Nothing to deploy in a region that holds no trail and runs no GuardDuty.
  if (!home && audit.guardDuty === 'off') return { ok: true };
  return {
    ok: true,
    account: {
      stackName: auditStackName(model),
      project,
      account,
      region,
      partition: model.identity.scope.partition,
      trail: home
        ? {
            name: `${project}-account-trail`,
            logGroupName: `/${project}/audit/cloudtrail`,
            logRetentionDays: audit.logRetentionDays,
            retentionDays: audit.retentionDays,
            namespace: `${project}/Audit`,
          }
        : undefined,
      guardDuty: audit.guardDuty,
      alarmEmail: audit.alarmEmail,
      retain: members.some((m) => m.model.data.retain),
      qualifier: model.delivery?.qualifier ?? DEFAULT_BOOTSTRAP_QUALIFIER,
      tags: { project, 'managed-by': 'eks-platform', component: 'audit' },
    },
  };
}
