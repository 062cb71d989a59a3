import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { oneOrList, type ServiceAccountRoleProps } from './service-account-role';

export interface PodIdentityRoleProps extends ServiceAccountRoleProps {
  /** ARN of the cluster whose associations may use the role (names the account and region too). */
  readonly clusterArn: string;
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
    this.role = new iam.Role(this, 'Role', {
      roleName: props.roleName,
      description: props.description,
      assumedBy: new iam.PrincipalWithConditions(new iam.ServicePrincipal('pods.eks.amazonaws.com'), {
        StringEquals: {
          'aws:RequestTag/eks-cluster-arn': props.clusterArn,
          'aws:RequestTag/kubernetes-namespace': props.namespace,
          'aws:RequestTag/kubernetes-service-account': oneOrList(props.serviceAccounts),
        },
      }).withSessionTags(),
      managedPolicies: [...(props.managedPolicies ?? [])],
    });
  }
}
