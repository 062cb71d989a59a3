/**
 * cdk-nag findings acknowledged by design, one id at a time, each with the reason a security
 * reviewer can check. Anything not acknowledged here fails the synth.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import type { ResolvedRole } from '../identity/resolved-role';
import { mirrorRepositoriesArn } from '../charts/image-mirror';
import type { Platform } from '../platform-stacks';
import { acknowledgeDataFindings } from './data-acknowledgements';
import { acknowledgeApplicationFindings } from './application-acknowledgements';
import { acknowledgeDeliveryFindings } from './delivery-acknowledgements';
import { FARGATE_POD_EXECUTION_POLICIES } from '../karpenter/karpenter-infrastructure';
import { PlatformBackup } from '../data/backup-plan';
import { acknowledge, controlTower } from './acknowledge';
import { acknowledgeComplianceFindings } from './platform-compliance';

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
  'service-role/AWSLambdaBasicExecutionRole':
    'aws-cdk-lib kubectl provider functions: write their own CloudWatch logs. Needed by any Lambda; the environment does not change it.',
  'service-role/AWSLambdaVPCAccessExecutionRole':
    'aws-cdk-lib kubectl provider functions run in the private subnets to reach the private API endpoint; this lets Lambda manage their ENIs. The environment does not change it.',
  AmazonEKSFargatePodExecutionRolePolicy:
    'SPEC 4: the Fargate pod execution role of the Karpenter controller: pull its image from ECR. AWS-maintained; only eks-fargate-pods.amazonaws.com may assume the role, and only for this cluster\'s Fargate profiles (aws:SourceArn).',
  'service-role/AWSBackupServiceRolePolicyForBackup':
    'SPEC 8 and issue 16: AWS Backup\'s policy for taking backups (snapshots of Aurora and DocumentDB, EFS backups) of the resources its selection names; AWS-maintained as services join AWS Backup. Only backup.amazonaws.com, for this account, can assume the role, and it may not restore.',
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

/**
 * AwsSolutions-IAM5 for each wildcard resource of a catalog role, with the statement's own reason
 * (every wildcard statement of the catalog carries one). Published policies are acknowledged as
 * published: their wildcards are the controller's documented needs, scoped by tag conditions.
 */
function acknowledgeWildcards(policy: IConstruct, role: ResolvedRole): void {
  const seen = new Set<string>();
  const ack = (finding: string, reason: string) => {
    if (seen.has(finding)) return;
    seen.add(finding);
    Validations.of(policy).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
  };
  for (const st of role.statements) {
    for (const r of st.resources.filter((x) => x.includes('*'))) {
      if (st.wildcardReason) ack(`Resource::${r}`, `${role.roleName} ${st.sid}: ${st.wildcardReason}.`);
    }
  }
  if (role.publishedPolicy) {
    const reason = `${role.roleName}: the controller's published policy (${role.publishedPolicy.source}), used verbatim; it creates load balancers, target groups and security groups at run time and its mutating calls are conditioned on its elbv2.k8s.aws/cluster tag.`;
    for (const st of role.publishedPolicy.statements) {
      for (const r of [st.Resource].flat().filter((x: string) => x.includes('*'))) ack(`Resource::${r}`, reason);
      for (const a of [st.Action].flat().filter((x: string) => x.includes('*'))) ack(`Action::${a}`, reason);
    }
  }
}

/**
 * The kubectl provider of aws-eks-v2 (one per platform) applies manifests and charts. Its
 * functions and roles are aws-cdk-lib's; we acknowledge what we cannot change there.
 */
function acknowledgeKubectlProvider(cluster: IConstruct): void {
  const provider = cluster.node.tryFindChild('KubectlProvider');
  if (!provider) return;
  const handler = provider.node.findChild('Handler');
  const handlerRole = handler.node.findChild('ServiceRole');
  const onEvent = provider.node.findChild('Provider').node.findChild('framework-onEvent');
  const onEventRole = onEvent.node.findChild('ServiceRole');
  acknowledgeManagedPolicies(handlerRole, ['service-role/AWSLambdaBasicExecutionRole', 'service-role/AWSLambdaVPCAccessExecutionRole', 'AmazonEC2ContainerRegistryReadOnly']);
  acknowledgeManagedPolicies(onEventRole, ['service-role/AWSLambdaBasicExecutionRole', 'service-role/AWSLambdaVPCAccessExecutionRole']);
  // ECR Public read-only, attached by aws-cdk-lib only in the aws partition, for public kubectl images.
  const cfnRole = handlerRole.node.defaultChild as CfnRole;
  for (const arn of Stack.of(cfnRole).resolve(cfnRole.managedPolicyArns) as unknown[]) {
    if (typeof arn === 'object' && arn && 'Fn::If' in arn) {
      Validations.of(handlerRole).acknowledge({
        id: `AwsSolutions-IAM4[Policy::${JSON.stringify(arn)}]`,
        reason: 'aws-cdk-lib kubectl handler: AmazonElasticContainerRegistryPublicReadOnly, read-only pulls of public images, attached only in the aws partition.',
      });
    }
  }
  Validations.of(onEventRole).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${Stack.of(handler).getLogicalId(handler.node.defaultChild as CfnFunction)}.Arn>:*]`,
    reason: 'The provider framework may invoke any version of the one kubectl handler function (the :* is the version qualifier).',
  });
  Validations.of(handler).acknowledge({
    id: 'AwsSolutions-L1',
    reason: 'The kubectl handler runtime is chosen by aws-cdk-lib (the latest Python it supports) and moves with aws-cdk-lib upgrades.',
  });
}

export function acknowledgeNagFindings(platform: Platform): void {
  const { model } = platform.cluster;
  const eks = platform.cluster.platformCluster;
  acknowledgeManagedPolicies(eks.role, model.cluster.rolePolicies);
  acknowledgeManagedPolicies(platform.cluster.nodeGroup.role, model.nodeGroup.rolePolicies);
  for (const spec of model.identity.roles) {
    // Infrastructure roles live in the cluster stack, application roles in the application stack.
    const identity = spec.kind === 'application' ? platform.application.identity : platform.cluster.identity;
    const role = identity.roles.get(spec.id)!;
    acknowledgeManagedPolicies(role, spec.managedPolicies);
    acknowledgeWildcards(identity.node.tryFindChild(`${spec.id}-policy`) ?? role, spec);
  }
  acknowledgeKubectlProvider(eks.cluster);
  const karpenter = platform.cluster.karpenter;
  if (karpenter) {
    // The same node policies as the managed node group, for the nodes Karpenter launches.
    acknowledgeManagedPolicies(karpenter.nodeRole, model.nodeGroup.rolePolicies);
    acknowledgeManagedPolicies(karpenter.fargate.podExecutionRole, FARGATE_POD_EXECUTION_POLICIES);
    acknowledge(
      karpenter.interruption.queue,
      ['AwsSolutions-SQS3', controlTower('CT.SQS.PR.1')],
      'Interruption notices are advisory and useless after minutes (the queue keeps them 5 minutes); a dead-letter queue would only hold notices about instances that are already gone.',
    );
  }
  acknowledgeDataFindings(platform.data);
  acknowledgeManagedPolicies(platform.data.backup.role, PlatformBackup.ROLE_POLICIES);
  // NIST 800-53 R5, HIPAA Security and Control Tower findings (issue 16).
  acknowledgeComplianceFindings(platform);
  acknowledgeApplicationFindings(platform.application, eks.cluster);
  if (platform.delivery) acknowledgeDeliveryFindings(platform.delivery);
  const { mirror } = platform.charts;
  if (mirror.pullPolicy) {
    for (const rule of model.charts.mirror.rules) {
      Validations.of(mirror.pullPolicy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${Stack.of(mirror).resolve(mirrorRepositoriesArn(Stack.of(mirror), rule.prefix))}]`,
        reason: `Image mirror: the first pull of an image creates its repository under the pull-through prefix ${rule.prefix}/, whose names follow the upstream images; only CreateRepository and BatchImportUpstreamImage, and only under that prefix.`,
      });
    }
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
