import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export interface PodIdentityRoleProps {
  readonly roleName: string;
  readonly description: string;
  readonly clusterName: string;
  readonly namespace: string;
  /** Exact service account names that may receive the role's credentials. */
  readonly serviceAccounts: readonly string[];
  readonly managedPolicies?: readonly iam.IManagedPolicy[];
}

/**
 * A role for EKS Pod Identity. Trusting `pods.eks.amazonaws.com` alone would let any pod
 * identity association in the account use the role, so the trust also requires the session tags
 * EKS sets: this account, this cluster, this namespace and one of these service accounts.
 */
export class PodIdentityRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: PodIdentityRoleProps) {
    super(scope, id);
    const account = Stack.of(this).account;
    const serviceAccounts = props.serviceAccounts.length === 1 ? props.serviceAccounts[0] : [...props.serviceAccounts];
    this.role = new iam.Role(this, 'Role', {
      roleName: props.roleName,
      description: props.description,
      assumedBy: new iam.PrincipalWithConditions(new iam.ServicePrincipal('pods.eks.amazonaws.com'), {
        StringEquals: {
          'aws:SourceAccount': account,
          'aws:RequestTag/eks-cluster-name': props.clusterName,
          'aws:RequestTag/kubernetes-namespace': props.namespace,
          'aws:RequestTag/kubernetes-service-account': serviceAccounts,
        },
      }).withSessionTags(),
      managedPolicies: [...(props.managedPolicies ?? [])],
    });
  }
}
