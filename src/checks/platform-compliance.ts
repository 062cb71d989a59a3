/**
 * NIST 800-53 R5, HIPAA Security and Control Tower findings of the network, cluster, charts and
 * application stacks that are right by design, one id at a time with the reason. The data and
 * audit stacks have their own files; AwsSolutions stays in nag-acknowledgements.ts.
 */
import { Stack } from 'aws-cdk-lib';
import type * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Platform } from '../platform-stacks';
import { acknowledge, controlTower, nistHipaa } from './acknowledge';
import { acknowledgeAuditFindings } from './audit-compliance';
import { acknowledgeDataCompliance } from './data-compliance';

/** Control Tower's minimum log retention (CT.CLOUDWATCH.PR.2). */
const YEAR = 365;

/**
 * The kubectl provider of aws-eks-v2: its two functions, their roles and log groups are
 * aws-cdk-lib's, configured by aws-cdk-lib.
 */
function acknowledgeKubectlProvider(cluster: eks.Cluster): void {
  const provider = cluster.node.tryFindChild('KubectlProvider');
  if (!provider) return;
  const handler = provider.node.findChild('Handler');
  const onEvent = provider.node.findChild('Provider').node.findChild('framework-onEvent');
  const functions = [handler, onEvent];

  acknowledge(
    handler,
    nistHipaa('LambdaConcurrency'),
    'aws-cdk-lib kubectl handler: called synchronously by the provider\'s onEvent function, once per manifest or Helm release CloudFormation creates, updates or deletes, so the stack\'s dependency graph bounds how many run at once. A reserved concurrency would only throttle releases CloudFormation starts in parallel (failing the deploy), and reserving any fails outright in new accounts whose Lambda quota is 10 (Lambda keeps 10 unreserved).',
  );
  acknowledge(
    onEvent,
    nistHipaa('LambdaConcurrency'),
    'aws-cdk-lib provider framework: invoked only by CloudFormation, once per custom resource request of this stack, bounded by the stack\'s dependency graph; a reserved concurrency would throttle parallel requests into deploy failures, and fails outright in new accounts whose Lambda quota is 10.',
  );
  acknowledge(
    handler,
    nistHipaa('LambdaDLQ'),
    'aws-cdk-lib kubectl handler: invoked synchronously (RequestResponse) by the provider framework, which returns every error to CloudFormation. Lambda sends only asynchronous invocations to a dead-letter queue, so one would never receive anything.',
  );
  acknowledge(
    onEvent,
    nistHipaa('LambdaDLQ'),
    'aws-cdk-lib provider framework: it reports every failure to CloudFormation itself (the stack operation fails and rolls back with the error, or times out); a dead-letter queue would hold requests CloudFormation has already failed, with nobody to replay them, and aws-cdk-lib\'s Provider offers none.',
  );
  for (const fn of functions) {
    acknowledge(
      fn,
      nistHipaa('IAMNoInlinePolicy'),
      'aws-cdk-lib writes these statements (invoke the handler, pull the kubectl layer\'s images, read the chart asset) into the role\'s default policy through its grants; the role belongs to this one provider function and nothing else can assume it.',
    );
    acknowledge(
      fn,
      [...nistHipaa('CloudWatchLogGroupEncrypted'), controlTower('CT.CLOUDWATCH.PR.3')],
      'aws-cdk-lib names this log group after the generated function name (/aws/lambda/<function>). A customer key\'s policy would have to name the function, making the key wait for it, and a first invocation in that window has Lambda create the group itself, unencrypted, and the stack then fail on "already exists". CloudWatch Logs encrypts it at rest with service keys; it holds kubectl and helm output, no secrets (secrets reach pods through the CSI driver, never through manifests).',
    );
    acknowledge(
      fn,
      [controlTower('CT.LAMBDA.PR.3')],
      'The function runs in the VPC: in the private subnets, which the network stack exports and this stack reads by Fn::GetStackOutput (the rule resolves only literal ids and references inside the template), with the kubectl security group of this stack.',
    );
  }
}

/** Why each aws-cdk-lib custom resource provider (a singleton function per stack) runs outside the VPC. */
const PROVIDER_REASONS: Readonly<Record<string, string>> = {
  AWSCDKCfnUtilsProviderCustomResourceProvider:
    'aws-cdk-lib CfnJson provider: it renders the IRSA trust conditions whose keys name the OIDC issuer, a pure computation that reaches nothing in the VPC; aws-cdk-lib\'s CustomResourceProvider takes no VPC configuration.',
  'Custom::VpcRestrictDefaultSGCustomResourceProvider':
    'aws-cdk-lib provider that removes the rules of the VPC\'s default security group: it only calls the EC2 API, reaches nothing in the VPC, and aws-cdk-lib\'s CustomResourceProvider takes no VPC configuration.',
};

function acknowledgeProviderFunctions(stacks: readonly Stack[]): void {
  for (const stack of stacks) {
    for (const child of stack.node.children) {
      const reason = PROVIDER_REASONS[child.node.id];
      if (reason) acknowledge(child, [controlTower('CT.LAMBDA.PR.3')], reason);
    }
  }
}

/**
 * Log groups whose retention the environment file sets below Control Tower's year: acknowledged
 * only where that is the file's value, so a prod-length retention stays checked and a short
 * retention hard-coded anywhere still fails.
 */
function acknowledgeShortRetention(platform: Platform): void {
  const { model } = platform.network;
  const chosen = new Map<number, string>();
  const note = (days: number | undefined, field: string) => days !== undefined && days < YEAR && chosen.set(days, [chosen.get(days), field].filter(Boolean).join(', '));
  note(model.network.flowLogs.retentionDays, 'network.flowLogs.retentionDays');
  note(model.cluster.logRetentionDays, 'cluster.logRetentionDays');
  note(model.network.clientVpn?.logRetentionDays, 'network.clientVpn.logRetentionDays');
  const stacks = [platform.network, platform.cluster, platform.data, platform.charts, platform.application];
  for (const group of stacks.flatMap((s) => s.node.findAll()).filter((c): c is logs.CfnLogGroup => c instanceof logs.CfnLogGroup)) {
    const days = Stack.of(group).resolve(group.retentionInDays);
    const fields = typeof days === 'number' ? chosen.get(days) : undefined;
    if (!fields) continue;
    acknowledge(
      group,
      [controlTower('CT.CLOUDWATCH.PR.2')],
      `${model.envName}'s file keeps these logs ${days} days (${fields}), a development choice; Control Tower asks for a year, which the production file sets.`,
    );
  }
}

export function acknowledgeComplianceFindings(platform: Platform): void {
  const stacks = [platform.network, platform.cluster, platform.data, platform.charts, platform.application];
  acknowledgeKubectlProvider(platform.cluster.platformCluster.cluster);
  acknowledgeProviderFunctions(stacks);
  for (const subnet of platform.network.vpc.publicSubnets) {
    acknowledge(
      subnet,
      nistHipaa('VPCNoUnrestrictedRouteToIGW'),
      'The public subnets\' default route to the internet gateway is what makes them public: it carries the NAT gateways\' traffic and the ingress gateway\'s internet-facing Network Load Balancer (SPEC sections 2 and 6). Nodes, pods and data services sit in private subnets without such a route.',
    );
  }
  acknowledge(
    platform.cluster.nodeGroup.launchTemplate,
    [controlTower('CT.EC2.PR.10')],
    'Detailed (1-minute) EC2 monitoring of the nodes would be read by nothing: the cluster autoscaler and Karpenter scale on pending pods, not on EC2 metrics, and node metrics come from node-exporter (Prometheus) and the CloudWatch agent; it would add a per-instance charge for data no alarm or scaler uses.',
  );
  acknowledgeShortRetention(platform);
  acknowledgeDataCompliance(platform.data);
  if (platform.audit) acknowledgeAuditFindings(platform.audit);
}
