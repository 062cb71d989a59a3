import type { App } from 'aws-cdk-lib';
import type { PlatformModel } from './config/model';
import { acknowledgeNagFindings } from './checks/nag-acknowledgements';
import { ApplicationStack } from './stacks/application-stack';
import { ChartsStack } from './stacks/charts-stack';
import { ClusterStack } from './stacks/cluster-stack';
import { DataStack } from './stacks/data-stack';
import { NetworkStack } from './stacks/network-stack';
import { DeliveryStack } from './stacks/delivery-stack';
import type { AccountDelivery } from './delivery/fleet';
import { addComplianceChecks, type ComplianceChecksOptions } from './compliance/checks';
import { AuditStack } from './stacks/audit-stack';
import type { Platform } from './platform-stacks';
import { stackId } from './stack-names';
import type { AccountAudit } from './audit/account';

export type { Platform } from './platform-stacks';

/** What a platform brings beside the environment's own stacks. */
export interface PlatformExtras {
  /** The account's audit stack in the environment's region (`auditFor`); none by default. */
  readonly audit?: AccountAudit;
  readonly checks?: ComplianceChecksOptions;
}

export { APPLICATION_LIFECYCLE, INFRASTRUCTURE_LIFECYCLES, stackId } from './stack-names';

/**
 * Build every stack of one environment into the app, with the policy checks attached (cdk-nag's
 * AwsSolutions, NIST 800-53 R5 and HIPAA packs, Control Tower's Guard rules), its account's
 * delivery stack when given (src/delivery/fleet.ts `deliveryFor`) and its account's audit stack
 * when given (src/audit/account.ts `auditFor`).
 */
export function buildPlatform(app: App, model: PlatformModel, delivery?: AccountDelivery, extras: PlatformExtras = {}): Platform {
  const network = new NetworkStack(app, stackId(model, 'network'), { model });
  const data = new DataStack(app, stackId(model, 'data'), { model, vpc: network.vpc, clients: network.workloadSecurityGroup });
  data.addStackDependency(network, 'the data services run in the private subnets');
  // The cluster reads nothing of the data stack: the two deploy side by side.
  const cluster = new ClusterStack(app, stackId(model, 'cluster'), {
    model,
    vpc: network.vpc,
    workloadSecurityGroup: network.workloadSecurityGroup,
    operatorVpnSecurityGroup: network.clientVpn?.endpoint && network.clientVpn.securityGroup,
  });
  cluster.addStackDependency(network, 'the cluster runs in the network');
  const charts = new ChartsStack(app, stackId(model, 'charts'), {
    model,
    cluster: cluster.platformCluster.cluster,
    vpcId: network.vpc.vpcId,
    // Everything that pulls chart images: both node roles and Fargate's pod execution role.
    pullers: [cluster.nodeGroup.role, ...(cluster.karpenter ? [cluster.karpenter.nodeRole, cluster.karpenter.fargate.podExecutionRole] : [])],
    argoCdRole: cluster.argoCdAccess?.role,
  });
  // Primary charts start only once the cluster, nodes, add-ons, access and identities are ready.
  // They read nothing of the data stack, so they deploy beside it.
  charts.addStackDependency(cluster, 'charts install on a ready cluster');
  const application = new ApplicationStack(app, stackId(model, 'application'), {
    model,
    cluster: cluster.platformCluster.cluster,
    dataResourceArns: data.resourceArns,
    data: data.applicationOutputs,
    fileSystemId: data.fileSystem.fileSystem.fileSystemId,
  });
  // The release (a Helm release, or an Argo CD Application in argocd mode) needs the secondary
  // phase (the application slot) and the operator, driver and StorageClasses of the charts stack,
  // and in argocd mode the capability. Without a version the stack holds only roles, the
  // namespace, service accounts, secrets and the EFS class, none of which reads the charts stack,
  // so it deploys beside it.
  if (model.application.version) application.addStackDependency(charts, 'the application chart takes the application phase after the secondary charts');
  application.addStackDependency(data, 'the application reads the data stack\'s endpoints, secrets and file system');
  // Last, so that the summary lists the account's stack after the environment's.
  const deliveryStack = delivery && new DeliveryStack(app, delivery.stackName, { delivery });
  const auditStack = extras.audit && new AuditStack(app, extras.audit.stackName, { audit: extras.audit });
  const checks = addComplianceChecks(app, extras.checks);
  const platform = { network, data, cluster, charts, application, delivery: deliveryStack, audit: auditStack, checks };
  acknowledgeNagFindings(platform);
  return platform;
}
