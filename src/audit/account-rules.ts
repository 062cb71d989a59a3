/**
 * Checks across the environments of one account: its audit stacks are account-wide (one trail for
 * the account, one GuardDuty detector per region), so every environment of the account must state
 * the same `audit` section, and the trail's region must be one where the account runs an
 * environment (that region is CDK-bootstrapped, which the stack needs).
 */
import type { PlatformModel } from '../config/model';
import type { AuditModel } from './resolve';

/** Structurally the fleet's member and problem (src/delivery/fleet-rules.ts); no import, so no cycle. */
interface Member {
  readonly file: string;
  readonly model: PlatformModel;
}
interface Problem {
  readonly file: string;
  readonly path: string;
  readonly message: string;
}

const FIELDS: ReadonlyArray<keyof AuditModel> = ['organizationTrail', 'homeRegion', 'logRetentionDays', 'retentionDays', 'alarmEmail', 'guardDuty'];

export function auditAccountProblems(members: readonly Member[]): Problem[] {
  const problems: Problem[] = [];
  const byAccount = new Map<string, Member[]>();
  for (const m of members) byAccount.set(m.model.account, [...(byAccount.get(m.model.account) ?? []), m]);
  for (const [account, group] of byAccount) {
    const [first, ...others] = group;
    for (const m of others) {
      for (const field of FIELDS) {
        const [a, b] = [first.model.audit[field], m.model.audit[field]];
        if (a === b) continue;
        problems.push({
          file: m.file,
          path: `audit.${field}`,
          message: `${first.file} says ${JSON.stringify(a)} for account ${account}, this file ${JSON.stringify(b)}; the account has one audit trail and one GuardDuty detector per region: state the same audit section in every environment of the account`,
        });
      }
    }
    const regions = new Set(group.map((m) => m.model.region));
    const home = first.model.audit.homeRegion;
    if (!first.model.audit.organizationTrail && !regions.has(home)) {
      problems.push({
        file: first.file,
        path: 'audit.homeRegion',
        message: `${home} hosts no environment of account ${account}; pick one of ${[...regions].sort().join(', ')} (that region is bootstrapped, which the audit stack needs)`,
      });
    }
  }
  return problems;
}
