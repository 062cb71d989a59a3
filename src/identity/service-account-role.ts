import type * as iam from 'aws-cdk-lib/aws-iam';

/** What every role bound to Kubernetes service accounts has, whichever mechanism binds it. */
export interface ServiceAccountRoleProps {
  readonly roleName: string;
  readonly description: string;
  readonly namespace: string;
  /** Exact service account names: each may use the role, nothing else can. */
  readonly serviceAccounts: readonly string[];
  readonly managedPolicies?: readonly iam.IManagedPolicy[];
}

/** One subject as a single string, several as a list (IAM treats a list as "any of"). */
export function oneOrList(values: readonly string[]): string | string[] {
  return values.length === 1 ? values[0] : [...values];
}
