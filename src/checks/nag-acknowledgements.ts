/**
 * cdk-nag findings acknowledged by design, one id at a time, each with the reason a security
 * reviewer can check. Anything not acknowledged here fails the synth.
 */
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { Platform } from '../platform';

/**
 * Why each AWS managed policy the platform attaches is acceptable (AwsSolutions-IAM4). A policy
 * missing from this table has no acknowledgement, so adding one to a role fails cdk-nag until
 * its reason is written here.
 */
export const MANAGED_POLICY_REASONS: Readonly<Record<string, string>> = {
  AmazonEKSClusterPolicy:
    'SPEC 3: the EKS control plane service role policy. AWS maintains it as EKS adds features; a copied inline policy would silently fall behind. Only eks.amazonaws.com can assume the role.',
  AmazonEKSVPCResourceController:
    'SPEC 3: lets the control plane manage trunk/branch ENIs for security groups for pods. AWS-maintained; only eks.amazonaws.com can assume the role.',
  AmazonEKSServicePolicy:
    'Attached only when the environment sets cluster.legacyServicePolicy for an older account setup (SPEC 3 correction); AWS-maintained.',
  AmazonEKSWorkerNodePolicy:
    'SPEC 4: the minimum for a node to join EKS (describe calls and node identity). AWS-maintained; only EC2 can assume the node role.',
  AmazonEC2ContainerRegistryReadOnly:
    'SPEC 4 and 9: nodes pull images from the private ECR registry and its pull-through cache. Read-only; no push or delete.',
  CloudWatchAgentServerPolicy:
    'SPEC 4: node-level metrics and logs to CloudWatch. Write-only to CloudWatch plus reading its own SSM agent configuration parameters.',
  AmazonSSMManagedInstanceCore:
    'SPEC 4: the Bottlerocket control container registers with SSM so operators reach the admin container without SSH keys or open ports.',
  AmazonEKS_CNI_Policy:
    'SPEC 5 and 7: ENI and IP management for the VPC CNI. Bound by IRSA to kube-system:aws-node only, not to the node role.',
  'service-role/AmazonEBSCSIDriverPolicy':
    'SPEC 5 and 7: EBS volume lifecycle for the CSI driver; the AWS policy conditions its mutating calls on the driver\'s own tags. Bound by IRSA to kube-system:ebs-csi-controller-sa only.',
  'service-role/AmazonEFSCSIDriverPolicy':
    'SPEC 5 and 7: EFS access point lifecycle for the CSI driver, conditioned in the AWS policy on the driver\'s tags. Bound by IRSA to the two EFS CSI service accounts only.',
};

/** Acknowledge AwsSolutions-IAM4 for each named AWS managed policy on one role. */
export function acknowledgeManagedPolicies(role: IConstruct, policies: readonly string[]): void {
  for (const policy of policies) {
    const reason = MANAGED_POLICY_REASONS[policy];
    if (!reason) continue; // no reason, no acknowledgement: cdk-nag reports it
    Validations.of(role).acknowledge({ id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${policy}]`, reason });
  }
}

export function acknowledgeNagFindings(platform: Platform): void {
  const { model } = platform.cluster;
  const eks = platform.cluster.platformCluster;
  acknowledgeManagedPolicies(eks.role, model.cluster.rolePolicies);
  acknowledgeManagedPolicies(platform.cluster.nodeGroup.role, model.nodeGroup.rolePolicies);
  for (const addon of model.addons) {
    const role = platform.cluster.addons.roles.get(addon.name);
    if (role && addon.role) acknowledgeManagedPolicies(role, [addon.role.managedPolicy]);
  }
  // Subnets, NAT and endpoints are planned per zone from the environment file, so the zones are
  // explicit by design: the same file must always give the same address plan.
  Validations.of(platform.network).acknowledge({
    id: 'CloudFormation-Validate::W3010',
    reason: 'Availability Zones come from the environment file so that the subnet address plan is deterministic and reviewable.',
  });
  // The aws-eks-v2 Cluster always renders EncryptionConfig[].Resources = ["secrets"]; the EKS API
  // still accepts it and it states exactly what we encrypt.
  Validations.of(eks.cluster).acknowledge({
    id: 'CloudFormation-Validate::W9009',
    reason: 'aws-eks-v2 renders EncryptionConfig Resources ["secrets"], which the EKS API accepts and which names the envelope-encrypted resource.',
  });
}
