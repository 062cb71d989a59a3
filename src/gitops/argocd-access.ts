import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { ArgoCdModel } from './resolve';

/** The service principal of EKS capabilities (EKS user guide, "Amazon EKS capability IAM role"). */
export const CAPABILITIES_PRINCIPAL = 'capabilities.eks.amazonaws.com';

/**
 * The access policies of the capability's access entry. EKS associates the first two itself when it
 * creates the capability (Argo CD's own objects, its namespace, API discovery); neither lets Argo CD
 * read or write what the Applications describe (EKS user guide, "Register target clusters": the
 * local cluster gets no Kubernetes permissions by default). The catalog installs CRDs, webhooks
 * and cluster roles, and whoever creates a role must hold what it grants, so deploying it takes
 * cluster admin: the reach the kubectl provider has in the CloudFormation mode, nothing more.
 * All three are declared, so a stack update never removes the two EKS associates.
 */
export const ARGOCD_ACCESS_POLICIES = [
  { policy: 'AmazonEKSArgoCDClusterPolicy', scope: 'cluster' },
  { policy: 'AmazonEKSArgoCDPolicy', scope: 'argocd-namespace' },
  { policy: 'AmazonEKSClusterAdminPolicy', scope: 'cluster' },
] as const;

export interface ArgoCdAccessProps {
  readonly cluster: eks.ICluster;
  readonly argocd: ArgoCdModel;
}

/**
 * The IAM role the Argo CD capability runs with and its access entry on this cluster. It lives in
 * the cluster stack, minutes before the capability is created in the charts stack: EKS refuses a
 * capability role that IAM has not yet propagated ("The trust policy for the provided role is
 * invalid"). The role has no permissions policy: every chart source is public (Helm repositories
 * over HTTPS, public OCI registries), which the capability reads without AWS credentials; only
 * private ECR, CodeCommit, CodeConnections or Secrets Manager sources would need permissions.
 */
export class ArgoCdAccess extends Construct {
  readonly role: iam.Role;
  readonly accessEntry: eks.AccessEntry;

  constructor(scope: Construct, id: string, props: ArgoCdAccessProps) {
    super(scope, id);
    const { argocd } = props;
    this.role = new iam.Role(this, 'Role', {
      roleName: argocd.roleName,
      // EKS requires both sts:AssumeRole and sts:TagSession for the capabilities principal.
      assumedBy: new iam.ServicePrincipal(CAPABILITIES_PRINCIPAL).withSessionTags(),
      description: `EKS Argo CD capability ${argocd.capabilityName}: reads public chart sources, deploys to this cluster through its access entry`,
    });
    this.accessEntry = new eks.AccessEntry(this, 'AccessEntry', {
      cluster: props.cluster,
      principal: this.role.roleArn,
      accessEntryType: eks.AccessEntryType.STANDARD,
      accessPolicies: ARGOCD_ACCESS_POLICIES.map(({ policy, scope }) =>
        eks.AccessPolicy.fromAccessPolicyName(
          policy,
          scope === 'cluster'
            ? { accessScopeType: eks.AccessScopeType.CLUSTER }
            : { accessScopeType: eks.AccessScopeType.NAMESPACE, namespaces: [argocd.namespace] },
        ),
      ),
    });
  }
}
