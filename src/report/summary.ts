/**
 * The main job's human summary. Facts about what was built are read back from the synthesized
 * templates, not from the configuration, so the summary shows what will actually deploy.
 */
import { deliveryLines } from '../gitops/report';
import type { CloudAssembly, CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { addonRole, type PlatformModel } from '../config/model';
import { planLines } from '../plan/plan-report';
import { deployPlan } from '../plan/deploy-plan';
import { auditSummaryLines } from './audit-summary';
import { planSummaryLine } from '../plan/deploy-report';
import { capacitySetup, nodePoolLine } from './capacity-doc';
import { dataSummaryLines } from './data-summary';
import { operatorAccessSummary } from './operator-access-doc';
import { applicationSummaryLines } from './application-summary';
import { roleSummaryLines } from './identity-table';
import { table } from './table';
import { countMovingParts, deployOrder, resourcesAcross, resourcesOf, stackDependencies } from './assembly';

function first(assembly: CloudAssembly, type: string): Record<string, any> {
  const found = resourcesAcross(assembly, type)[0];
  if (!found) throw new Error(`no ${type} in the cloud assembly`);
  return found.Properties ?? {};
}


export interface SummaryOptions {
  readonly outdir: string;
  readonly seconds: number;
  readonly validation: boolean;
}

export function summarize(assembly: CloudAssembly, model: PlatformModel, options: SummaryOptions): string {
  const lines: string[] = [];
  const order = deployOrder(assembly);
  const moving = countMovingParts(assembly);
  lines.push(`eks-platform: environment ${model.envName} (project ${model.project}, account ${model.account}, ${model.region})`);
  lines.push(
    `Synthesized ${order.length} stacks to ${options.outdir} in ${options.seconds.toFixed(1)} s ` +
      `(CloudFormation validation ${options.validation ? 'on' : 'off'}; passed cdk-nag AwsSolutions, NIST 800-53 R5 and HIPAA Security${options.validation ? ' and the Control Tower controls' : ''}: npm run compliance)`,
  );
  lines.push('', 'Stacks, in deployment order:');
  lines.push(
    ...table(
      order.map((s: CloudFormationStackArtifact, i) => [
        `${i + 1}. ${s.stackName}`,
        `${Object.keys(resourcesOf(s)).length} resources`,
        stackDependencies(s).length ? `after ${stackDependencies(s).join(', ')}` : '',
      ]),
    ),
  );
  lines.push(`  Lambda functions: ${moving.lambdas}, custom resources: ${moving.customResources}`);
  lines.push(`  Modelled deploy: ${planSummaryLine(deployPlan(assembly), `${model.project}-${model.envName}-`)} (npm run plan shows every step)`);

  const net = model.network;
  lines.push('', 'Network:');
  lines.push(`  VPC ${net.vpcCidr} over ${model.availabilityZones.join(', ')}; NAT gateways: ${resourcesCount(assembly, 'AWS::EC2::NatGateway')}`);
  lines.push(...table(net.subnets.map((s) => [s.az, `private ${s.privateCidr}`, `public ${s.publicCidr}`]), '    '));
  lines.push(`  Flow logs: ${net.flowLogs.trafficType}, ${net.flowLogs.retentionDays} days; VPC endpoints: ${net.endpoints.join(', ')}`);
  lines.push(operatorAccessSummary(assembly, model));

  const cluster = first(assembly, 'AWS::EKS::Cluster');
  const vpcConfig = cluster.ResourcesVpcConfig ?? {};
  const endpoint = vpcConfig.EndpointPublicAccess
    ? `public (from ${(vpcConfig.PublicAccessCidrs ?? []).join(', ')}) and private`
    : 'private only';
  lines.push('', 'Cluster:');
  lines.push(`  ${cluster.Name}: Kubernetes ${cluster.Version}, API endpoint ${endpoint}, services ${cluster.KubernetesNetworkConfig?.ServiceIpv4Cidr}`);
  lines.push(
    `  Control-plane logs: ${(cluster.Logging?.ClusterLogging?.EnabledTypes ?? []).map((t: { Type: string }) => t.Type).join(', ')} ` +
      `-> ${model.cluster.logGroupName} (${model.cluster.logRetentionDays} days); secrets encrypted with a customer KMS key`,
  );
  lines.push(`  Support: ${cluster.UpgradePolicy?.SupportType ?? 'EKS default'} (npm run upgrade-plan shows the way to the next minor)`);
  lines.push(`  Access entries: ${model.cluster.access.map((a) => `${a.level} ${a.principalArn.split('/').pop()}${a.namespaces.length ? ` (${a.namespaces.join(',')})` : ''}`).join('; ') || 'none'}`);

  const ng = first(assembly, 'AWS::EKS::Nodegroup');
  const scaling = ng.ScalingConfig ?? {};
  lines.push('', 'Node group:');
  lines.push(
    `  ${ng.NodegroupName}: ${ng.AmiType}, ${ng.InstanceTypes.join(', ')} ${ng.CapacityType}, ` +
      `min ${scaling.MinSize} / desired ${scaling.DesiredSize ?? 'left to the autoscaler'} / max ${scaling.MaxSize}, ` +
      `${ng.ForceUpdateEnabled ? 'force updates past disruption budgets' : 'updates respect disruption budgets'}, ` +
      `volumes ${model.nodeGroup.osVolumeGiB} GiB OS + ${model.nodeGroup.dataVolumeGiB} GiB data (gp3, encrypted), IMDSv2 hop limit ${model.nodeGroup.metadataHopLimit}`,
  );
  const update = ng.UpdateConfig?.MaxUnavailable !== undefined ? `${ng.UpdateConfig.MaxUnavailable} node(s)` : `${ng.UpdateConfig?.MaxUnavailablePercentage}% of the nodes`;
  lines.push(`  Kubernetes ${ng.Version}, Bottlerocket ${ng.ReleaseVersion ?? 'newest at creation (unpinned)'}; updates replace ${update} at a time`);

  lines.push('', `Node capacity: ${capacitySetup(model)}`);
  lines.push(...karpenterLines(assembly, model));

  lines.push('', 'Data and storage:');
  lines.push(...dataSummaryLines(assembly, model));

  lines.push('', 'Managed add-ons:');
  const addons = resourcesAcross(assembly, 'AWS::EKS::Addon').map((r) => r.Properties ?? {});
  lines.push(
    ...table(
      addons.map((a) => {
        const spec = model.addons.find((m) => m.name === a.AddonName);
        const role = spec && addonRole(model, spec);
        return [a.AddonName, a.AddonVersion, spec?.order === 'before-nodes' ? 'before nodes' : 'after nodes', role ? `role ${role.roleName}` : 'no role'];
      }),
    ),
  );

  lines.push('', `Workload identity (${model.identity.mode === 'irsa' ? 'IRSA' : 'EKS Pod Identity'}; change with -c identity=irsa|pod-identity):`);
  lines.push(...table(roleSummaryLines(model).map((l) => l.split('  |  '))));

  const releases = resourcesCount(assembly, 'Custom::AWSCDK-EKS-HelmChart');
  const manifests = resourcesCount(assembly, 'Custom::AWSCDK-EKS-KubernetesResource');
  lines.push('', `Charts (${releases} Helm releases and ${manifests} manifest sets across the stacks), in phases:`);
  lines.push(...deliveryLines(model.chartDelivery, model.charts));
  lines.push(...planLines(model.charts));

  lines.push('', `Application (${model.project}-${model.envName}-application):`);
  lines.push(...applicationSummaryLines(assembly, model));
  lines.push(...auditSummaryLines(assembly, model));
  return lines.join('\n');
}

/** Karpenter's pieces as the templates hold them, and the NodePools the charts stack applies. */
function karpenterLines(assembly: CloudAssembly, model: PlatformModel): string[] {
  const karpenter = model.karpenter;
  if (!karpenter) return ['  Karpenter: off'];
  const profile = first(assembly, 'AWS::EKS::FargateProfile');
  const queue = first(assembly, 'AWS::SQS::Queue');
  const rules = resourcesAcross(assembly, 'AWS::Events::Rule').length;
  const entry = resourcesAcross(assembly, 'AWS::EKS::AccessEntry').find((r) => r.Properties?.Type === 'EC2_LINUX');
  const lines = [
    `  Karpenter ${model.charts.entries.find((e) => e.id === 'karpenter')?.helm?.version}: controller on Fargate profile ${profile.FargateProfileName} ` +
      `(namespace ${profile.Selectors.map((s: { Namespace: string }) => s.Namespace).join(', ')}, ${profile.Subnets.length} private subnets)`,
    `  Interruption queue ${queue.QueueName} (${queue.SqsManagedSseEnabled ? 'SQS-managed encryption' : 'KMS'}, ${queue.MessageRetentionPeriod} s) fed by ${rules} EventBridge rules`,
    `  Nodes: role ${karpenter.names.nodeRole}${entry ? ' with an EC2_LINUX access entry' : ''}, ${karpenter.amiAlias}, ` +
      `IMDSv2 hop limit ${karpenter.nodeClass.metadataHopLimit}, gp3 encrypted ${karpenter.nodeClass.osVolumeGiB} + ${karpenter.nodeClass.dataVolumeGiB} GiB; ` +
      'Spot service-linked role created by EC2 on the first Spot launch if missing',
  ];
  lines.push(...table(karpenter.nodePools.map((p) => [`NodePool ${p.name}`, nodePoolLine(p)]), '    '));
  return lines;
}

function resourcesCount(assembly: CloudAssembly, type: string): number {
  return resourcesAcross(assembly, type).length;
}
