/**
 * The Karpenter controller's permissions: the statements of Karpenter's published controller
 * policy (getting-started cloudformation.yaml, KarpenterControllerPolicy, v1), reproduced with
 * this cluster's names and tightened where our setup allows it:
 * - resources carry this account instead of `*`;
 * - launching is allowed only into the subnets and security groups the EC2NodeClass selects
 *   (their tags), not into any subnet or group of the account;
 * - no capacity-reservation access (NodePools here never use the `reserved` capacity type);
 * - SSM reads only Bottlerocket's public image parameters, the only AMI family used.
 * Every mutating EC2 and IAM call stays conditioned on the cluster's ownership tags, and the
 * controller may pass exactly one role: Karpenter's node role.
 */
import { karpenterNames } from '../karpenter/names';
import { KARPENTER_REGIONAL_READ_ACTIONS, KARPENTER_UNSCOPED_READ_ACTIONS, readOnlyUnscoped, scopedArn, type ResourceScope, type StatementSpec } from './policy-statements';
import { dnsSuffixOf } from '../config/regions';

/** The service of the account's Spot service-linked role (AWSServiceRoleForEC2Spot). */
export const SPOT_SERVICE = 'spot.amazonaws.com';

/** The tag the network stack puts on the private subnets and the workload security group. */
const DISCOVERY_TAG = 'karpenter.sh/discovery';

export function karpenterControllerStatements(s: ResourceScope): StatementSpec[] {
  const names = karpenterNames(s.clusterName);
  const ec2 = (resource: string) => scopedArn(s, 'ec2', resource);
  const ec2Public = (resource: string) => `arn:${s.partition}:ec2:${s.region}::${resource}`;
  const instanceProfiles = `arn:${s.partition}:iam::${s.account}:instance-profile/*`;
  const owned = { [`aws:ResourceTag/kubernetes.io/cluster/${s.clusterName}`]: 'owned' };
  const requestOwned = { [`aws:RequestTag/kubernetes.io/cluster/${s.clusterName}`]: 'owned', 'aws:RequestTag/eks:eks-cluster-name': s.clusterName };
  const launched = [ec2('fleet/*'), ec2('instance/*'), ec2('volume/*'), ec2('network-interface/*'), ec2('launch-template/*'), ec2('spot-instances-request/*')];
  const launchActions = ['ec2:RunInstances', 'ec2:CreateFleet'];
  const runtimeIds = 'EC2 assigns the ids at launch; the condition admits only resources tagged as owned by this cluster';
  // Launching into the network: only what carries one of the EC2NodeClass selector tags.
  const launchWithTagged = (sid: string, resource: string, tag: string, wildcardReason: string): StatementSpec => ({
    sid,
    actions: launchActions,
    resources: [ec2(resource)],
    conditions: { StringEquals: { [`aws:ResourceTag/${tag}`]: s.clusterName } },
    wildcardReason,
  });

  return [
    {
      sid: 'KarpenterLaunchFromPublicImages',
      actions: launchActions,
      resources: [ec2Public('image/*'), ec2Public('snapshot/*')],
      wildcardReason: 'Bottlerocket images and their snapshots belong to AWS and change with every release the alias pins',
    },
    launchWithTagged('KarpenterLaunchIntoDiscoveredSubnets', 'subnet/*', DISCOVERY_TAG, 'the subnets the EC2NodeClass selects: only those tagged karpenter.sh/discovery with this cluster (the private subnets)'),
    launchWithTagged('KarpenterLaunchWithWorkloadGroup', 'security-group/*', DISCOVERY_TAG, 'the workload security group, the only group tagged karpenter.sh/discovery with this cluster'),
    launchWithTagged('KarpenterLaunchWithClusterGroup', 'security-group/*', 'aws:eks:cluster-name', 'the EKS cluster security group, which EKS tags aws:eks:cluster-name'),
    {
      sid: 'KarpenterUseOwnLaunchTemplates',
      actions: launchActions,
      resources: [ec2('launch-template/*')],
      conditions: { StringEquals: owned, StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' } },
      wildcardReason: runtimeIds,
    },
    {
      sid: 'KarpenterCreateTaggedResources',
      actions: [...launchActions, 'ec2:CreateLaunchTemplate'],
      resources: launched,
      conditions: { StringEquals: requestOwned, StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' } },
      wildcardReason: runtimeIds,
    },
    {
      sid: 'KarpenterTagOnCreate',
      actions: ['ec2:CreateTags'],
      resources: launched,
      conditions: {
        StringEquals: { ...requestOwned, 'ec2:CreateAction': ['RunInstances', 'CreateFleet', 'CreateLaunchTemplate'] },
        StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' },
      },
      wildcardReason: runtimeIds,
    },
    {
      sid: 'KarpenterTagOwnInstances',
      actions: ['ec2:CreateTags'],
      resources: [ec2('instance/*')],
      conditions: {
        StringEquals: owned,
        StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
        StringEqualsIfExists: { 'aws:RequestTag/eks:eks-cluster-name': s.clusterName },
        'ForAllValues:StringEquals': { 'aws:TagKeys': ['eks:eks-cluster-name', 'karpenter.sh/nodeclaim', 'Name'] },
      },
      wildcardReason: runtimeIds,
    },
    {
      sid: 'KarpenterDeleteOwnResources',
      actions: ['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'],
      resources: [ec2('instance/*'), ec2('launch-template/*')],
      conditions: { StringEquals: owned, StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' } },
      wildcardReason: runtimeIds,
    },
    {
      sid: 'KarpenterRegionalReads',
      actions: KARPENTER_REGIONAL_READ_ACTIONS,
      resources: ['*'],
      conditions: { StringEquals: { 'aws:RequestedRegion': s.region } },
      wildcardReason: 'describe calls that AWS does not scope to resources; limited to the cluster\'s region',
    },
    {
      sid: 'KarpenterBottlerocketImageParameters',
      actions: ['ssm:GetParameter'],
      resources: [`arn:${s.partition}:ssm:${s.region}::parameter/aws/service/bottlerocket/*`],
      wildcardReason: 'the public parameters that resolve the bottlerocket@<release> alias to image ids, per variant and architecture',
    },
    readOnlyUnscoped('KarpenterUnscopedReads', KARPENTER_UNSCOPED_READ_ACTIONS),
    {
      sid: 'KarpenterInterruptionQueue',
      actions: ['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
      resources: [scopedArn(s, 'sqs', names.interruptionQueue)],
    },
    {
      sid: 'KarpenterPassNodeRole',
      actions: ['iam:PassRole'],
      resources: [`arn:${s.partition}:iam::${s.account}:role/${names.nodeRole}`],
      conditions: { StringEquals: { 'iam:PassedToService': `ec2.${dnsSuffixOf(s.partition)}` } },
    },
    {
      // EC2 creates the account's Spot service-linked role on the first Spot launch, with the
      // caller's permission, when it is missing (without it: AuthFailure.ServiceLinkedRoleCreationNotPermitted,
      // Karpenter's troubleshooting guide at v1.11.1). Exactly that role, which EC2 Spot alone can assume;
      // where it exists the call never happens, so the template is the same in every account.
      sid: 'KarpenterCreateSpotServiceLinkedRole',
      actions: ['iam:CreateServiceLinkedRole'],
      resources: [`arn:${s.partition}:iam::${s.account}:role/aws-service-role/${SPOT_SERVICE}/AWSServiceRoleForEC2Spot`],
      conditions: { StringEquals: { 'iam:AWSServiceName': SPOT_SERVICE } },
    },
    {
      sid: 'KarpenterCreateInstanceProfiles',
      actions: ['iam:CreateInstanceProfile'],
      resources: [instanceProfiles],
      conditions: {
        StringEquals: { ...requestOwned, 'aws:RequestTag/topology.kubernetes.io/region': s.region },
        StringLike: { 'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*' },
      },
      wildcardReason: 'Karpenter names the instance profile of each EC2NodeClass itself; the condition admits only profiles tagged as owned by this cluster',
    },
    {
      sid: 'KarpenterTagInstanceProfiles',
      actions: ['iam:TagInstanceProfile'],
      resources: [instanceProfiles],
      conditions: {
        StringEquals: {
          ...owned,
          'aws:ResourceTag/topology.kubernetes.io/region': s.region,
          ...requestOwned,
          'aws:RequestTag/topology.kubernetes.io/region': s.region,
        },
        StringLike: { 'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*', 'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*' },
      },
      wildcardReason: 'instance profiles Karpenter created, recognised by their ownership tags',
    },
    {
      sid: 'KarpenterManageInstanceProfiles',
      actions: ['iam:AddRoleToInstanceProfile', 'iam:RemoveRoleFromInstanceProfile', 'iam:DeleteInstanceProfile'],
      resources: [instanceProfiles],
      conditions: {
        StringEquals: { ...owned, 'aws:ResourceTag/topology.kubernetes.io/region': s.region },
        StringLike: { 'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*' },
      },
      wildcardReason: 'instance profiles Karpenter created, recognised by their ownership tags (the role it adds is limited by PassRole to the node role)',
    },
    {
      sid: 'KarpenterReadInstanceProfiles',
      actions: ['iam:GetInstanceProfile'],
      resources: [instanceProfiles],
      wildcardReason: 'read-only: Karpenter looks up the profiles it manages by name',
    },
    {
      sid: 'KarpenterDescribeCluster',
      actions: ['eks:DescribeCluster'],
      resources: [scopedArn(s, 'eks', `cluster/${s.clusterName}`)],
    },
  ];
}
