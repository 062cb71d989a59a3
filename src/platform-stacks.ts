/** The stacks of one environment as built (src/platform.ts), apart so that the checks can read them without importing the builder. */
import type { ApplicationStack } from './stacks/application-stack';
import type { ChartsStack } from './stacks/charts-stack';
import type { ClusterStack } from './stacks/cluster-stack';
import type { DataStack } from './stacks/data-stack';
import type { NetworkStack } from './stacks/network-stack';
import type { DeliveryStack } from './stacks/delivery-stack';
import type { AuditStack } from './stacks/audit-stack';
import type { ComplianceChecks } from './compliance/checks';

export interface Platform {
  readonly network: NetworkStack;
  readonly data: DataStack;
  readonly cluster: ClusterStack;
  readonly charts: ChartsStack;
  readonly application: ApplicationStack;
  /** The pipeline's identities of the environment's account, when the environment is delivered. */
  readonly delivery?: DeliveryStack;
  /** The account's audit trail and threat detection in the environment's region (src/audit/account.ts). */
  readonly audit?: AuditStack;
  /** The policy checks attached to the app (src/compliance/checks.ts) and what they recorded. */
  readonly checks: ComplianceChecks;
}
