/**
 * One IAM role of the workload identity catalog as an environment resolves it. A leaf file: the
 * model (config/model.ts) and the data layer's resolver (data/resolve.ts) both use it, and
 * neither has to import the other for it.
 */
import type { AddonName } from '../config/versions';
import type { StatementSpec } from './policy-statements';

export type IdentityMode = 'irsa' | 'pod-identity';

/** One IAM role of the workload identity catalog, resolved for an environment. */
export interface ResolvedRole {
  readonly id: string;
  readonly kind: 'infrastructure' | 'application';
  /** How the role is bound: the environment's mode, or IRSA for pods on Fargate. */
  readonly mode: IdentityMode;
  readonly roleName: string;
  readonly namespace: string;
  readonly serviceAccounts: readonly string[];
  /** Bound through this managed add-on (which creates the service accounts itself). */
  readonly addon?: AddonName;
  readonly managedPolicies: readonly string[];
  readonly statements: readonly StatementSpec[];
  /** Statements of a published policy, used verbatim, and where they come from. */
  readonly publishedPolicy?: { readonly source: string; readonly statements: readonly any[] };
  readonly purpose: string;
}
