/**
 * The workload identity catalog (SPEC section 7): one entry per IAM role a pod may use, with the
 * service accounts bound to it and its permissions. Adding a role is adding an entry here.
 */
import type { AddonName } from '../config/versions';
import albControllerPolicy from './policies/aws-load-balancer-controller-v2.14.1.json';
import { karpenterControllerStatements } from './karpenter-controller-policy';
import {
  AUTOSCALER_DISCOVERY_ACTIONS,
  cloudWatchProject,
  ec2UnitOperations,
  kmsEncryptDecrypt,
  parametersRead,
  readOnlyUnscoped,
  s3ReadWrite,
  scopedArn,
  secretsRead,
  secretsReadWrite,
  type ResourceScope,
  type StatementSpec,
} from './policy-statements';

export interface WorkloadRoleSpec {
  readonly id: string;
  readonly kind: 'infrastructure' | 'application';
  /** IAM role name from SPEC's pattern. */
  readonly roleName: (s: ResourceScope) => string;
  /** `application`: the environment's namespace (where the application chart installs). */
  readonly namespace: string | 'application';
  /** Exact service account names; each is bound individually (no wildcard). */
  readonly serviceAccounts: readonly string[];
  /** Bound through this EKS managed add-on, which creates its own service accounts. */
  readonly addon?: AddonName;
  readonly managedPolicies?: readonly string[];
  readonly statements?: (s: ResourceScope) => StatementSpec[];
  /** Statements taken verbatim from a published policy (provenance in `source`). */
  readonly publishedPolicy?: { readonly source: string; readonly document: { Statement: any[] } };
  /** The chart-catalog entry this role serves: the role exists only while that chart is enabled. */
  readonly chart?: string;
  /** Its pods run on Fargate, where no Pod Identity agent runs: IRSA in both identity modes. */
  readonly runsOnFargate?: boolean;
  /** A feature of the environment the role serves beyond its chart: it exists only while that is in use. */
  readonly onlyFor?: RoleFeature;
  readonly purpose: string;
}

/** Environment features that some roles serve (`onlyFor`). */
export type RoleFeature = 'acme-dns01';

const cluster = (suffix: string) => (s: ResourceScope) => `${s.clusterName}-${suffix}`;
const project = (suffix: string) => (s: ResourceScope) => `${s.project}-${s.envName}-${suffix}`;

export const ROLE_CATALOG: readonly WorkloadRoleSpec[] = [
  // Infrastructure roles.
  {
    id: 'cluster-autoscaler',
    kind: 'infrastructure',
    chart: 'cluster-autoscaler',
    roleName: cluster('autoscaling-role'),
    namespace: 'kube-system',
    serviceAccounts: ['cluster-autoscaler'],
    purpose: 'scales the managed node group',
    statements: (s) => [
      readOnlyUnscoped('AutoscalerDescribe', AUTOSCALER_DISCOVERY_ACTIONS),
      {
        sid: 'AutoscalerScaleOwnGroups',
        actions: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
        resources: [scopedArn(s, 'autoscaling', 'autoScalingGroup:*:autoScalingGroupName/*')],
        conditions: {
          StringEquals: {
            [`aws:ResourceTag/k8s.io/cluster-autoscaler/${s.clusterName}`]: 'owned',
            'aws:ResourceTag/k8s.io/cluster-autoscaler/enabled': 'true',
          },
        },
        wildcardReason: 'the autoscaler discovers groups by tag; the condition admits only groups tagged as owned by this cluster',
      },
      {
        sid: 'AutoscalerDescribeNodegroups',
        actions: ['eks:DescribeNodegroup'],
        resources: [scopedArn(s, 'eks', `nodegroup/${s.clusterName}/*/*`)],
        wildcardReason: 'node group names and ids of this cluster only',
      },
    ],
  },
  {
    id: 'karpenter',
    kind: 'infrastructure',
    chart: 'karpenter',
    roleName: cluster('karpenter'),
    namespace: 'karpenter',
    serviceAccounts: ['karpenter'],
    runsOnFargate: true,
    purpose: 'launches and terminates Karpenter nodes of this cluster, reads its interruption queue',
    statements: karpenterControllerStatements,
  },
  {
    id: 'aws-load-balancer-controller',
    kind: 'infrastructure',
    chart: 'aws-load-balancer-controller',
    roleName: cluster('load-balancer-controller'),
    namespace: 'kube-system',
    serviceAccounts: ['aws-load-balancer-controller'],
    purpose: 'NLBs and ALBs for Services and Ingresses',
    publishedPolicy: {
      source: 'kubernetes-sigs/aws-load-balancer-controller v2.14.1 (chart 1.14.1) docs/install/iam_policy.json',
      document: albControllerPolicy,
    },
  },
  {
    id: 'ebs-csi-driver',
    kind: 'infrastructure',
    roleName: cluster('ebs-controller'),
    namespace: 'kube-system',
    serviceAccounts: ['ebs-csi-controller-sa'],
    addon: 'aws-ebs-csi-driver',
    managedPolicies: ['service-role/AmazonEBSCSIDriverPolicy'],
    purpose: 'EBS volume lifecycle',
  },
  {
    id: 'efs-csi-driver',
    kind: 'infrastructure',
    roleName: cluster('efs-controller'),
    namespace: 'kube-system',
    // The add-on annotates both its controller and its node DaemonSet service accounts.
    serviceAccounts: ['efs-csi-controller-sa', 'efs-csi-node-sa'],
    addon: 'aws-efs-csi-driver',
    managedPolicies: ['service-role/AmazonEFSCSIDriverPolicy'],
    purpose: 'EFS access point lifecycle, and IAM-authorized mounts by its node pods',
    statements: (s) => [
      {
        // The managed policy has no client actions (aws/aws-cdk#33669): without these every `iam` mount
        // is refused. The only role of the platform that may mount; the file system's own policy adds
        // mount targets only, TLS only and no root (src/data/shared-file-system.ts).
        sid: 'EfsMountAndWriteThroughMountTargets',
        actions: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
        resources: [scopedArn(s, 'elasticfilesystem', 'file-system/*')],
        conditions: { Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'true' } },
        wildcardReason:
          'the driver mounts whatever file system a volume names, and file system ids exist only once created; the project\'s file system admits clients only through mount targets in the cluster\'s subnets, with TLS and without root',
      },
    ],
  },
  {
    id: 'vpc-cni',
    kind: 'infrastructure',
    roleName: cluster('vpc-cni-controller'),
    namespace: 'kube-system',
    serviceAccounts: ['aws-node'],
    addon: 'vpc-cni',
    managedPolicies: ['AmazonEKS_CNI_Policy'],
    purpose: 'ENIs and pod IP addresses',
  },
  {
    id: 'aws-for-fluent-bit',
    kind: 'infrastructure',
    chart: 'aws-for-fluent-bit',
    roleName: cluster('fluent-bit'),
    namespace: 'kube-system',
    serviceAccounts: ['aws-for-fluent-bit'],
    purpose: 'pod logs to CloudWatch Logs (its own role: IMDS hop limit 1 keeps it off the node role)',
    statements: (s) => [
      {
        sid: 'FluentBitWriteContainerLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        resources: [scopedArn(s, 'logs', `log-group:${s.containerLogGroupName}:*`)],
        wildcardReason: 'log streams are created per pod at run time inside the one container log group',
      },
    ],
  },
  {
    id: 'external-dns',
    kind: 'infrastructure',
    roleName: cluster('external-dns'),
    namespace: 'external-dns',
    serviceAccounts: ['external-dns'],
    purpose: 'Route 53 records for Services and Ingresses, in the configured zone only',
    chart: 'external-dns',
    statements: (s) => [
      {
        sid: 'ExternalDnsChangeZone',
        actions: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets', 'route53:ListTagsForResource'],
        resources: [`arn:${s.partition}:route53:::hostedzone/${s.route53ZoneId}`],
      },
      readOnlyUnscoped('ExternalDnsListZones', ['route53:ListHostedZones']),
    ],
  },
  {
    // Exactly the policy of cert-manager's Route 53 guide (cert-manager/website@776e5dba
    // content/docs/configuration/acme/dns01/route53.md, "Set up an IAM Policy") with its two
    // tightenings: the zone instead of hostedzone/*, and no ListHostedZonesByName, since the
    // ClusterIssuer names its hostedZoneID (src/charts/gateway-tls.ts).
    id: 'cert-manager-dns01',
    kind: 'infrastructure',
    chart: 'cert-manager',
    onlyFor: 'acme-dns01',
    roleName: cluster('cert-manager'),
    namespace: 'cert-manager',
    // Not the chart's own `cert-manager` account, which the chart deletes when the issuer turns
    // ACME: a second name lets either switch roll the controller onto an account that exists.
    serviceAccounts: ['cert-manager-dns01'],
    purpose: 'ACME DNS-01 challenges for the gateway certificate: TXT records in the configured zone only',
    statements: (s) => [
      {
        sid: 'CertManagerGetChange',
        actions: ['route53:GetChange'],
        resources: [`arn:${s.partition}:route53:::change/*`],
        wildcardReason: 'Route 53 names each change at run time; the call only reads whether a change has propagated',
      },
      {
        sid: 'CertManagerTxtRecordsInZone',
        actions: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets'],
        resources: [`arn:${s.partition}:route53:::hostedzone/${s.route53ZoneId}`],
        conditions: { 'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['TXT'] } },
      },
    ],
  },
  {
    id: 'external-secrets',
    kind: 'infrastructure',
    chart: 'external-secrets',
    roleName: cluster('external-secrets'),
    namespace: 'external-secrets',
    serviceAccounts: ['external-secrets'],
    purpose: 'SSM parameters and Secrets Manager secrets of the project to Kubernetes Secrets',
    statements: (s) => [...parametersRead(s, 'ExternalSecretsReadParameters'), ...secretsRead(s, 'ExternalSecretsReadSecrets')],
  },

  // Application roles (SPEC section 7). Service account names use hyphens: SPEC's sa_app style
  // names are not valid Kubernetes names.
  {
    id: 'app',
    kind: 'application',
    roleName: project('app'),
    namespace: 'application',
    serviceAccounts: ['sa-app'],
    purpose: 'API, Auth, Backend',
    statements: (s) => [...s3ReadWrite(s, ['backend']), kmsEncryptDecrypt(['key:data'])],
  },
  {
    id: 'task',
    kind: 'application',
    roleName: project('task'),
    namespace: 'application',
    serviceAccounts: ['sa-task'],
    purpose: 'Task runner, Message Handler',
    statements: (s) => [...s3ReadWrite(s, ['backend']), kmsEncryptDecrypt(['key:data']), ...secretsReadWrite(s), ...ec2UnitOperations(s)],
  },
  {
    id: 'sd',
    kind: 'application',
    roleName: project('sd'),
    namespace: 'application',
    serviceAccounts: ['sa-sd'],
    purpose: 'Service Discovery',
    statements: (s) => s3ReadWrite(s, ['backend']),
  },
  {
    id: 'secrets-manager',
    kind: 'application',
    roleName: project('secrets-manager'),
    namespace: 'application',
    serviceAccounts: ['sa-secrets-manager'],
    purpose: 'Secrets updater',
    statements: (s) => secretsReadWrite(s),
  },
  {
    id: 'base',
    kind: 'application',
    roleName: project('base'),
    namespace: 'application',
    serviceAccounts: ['sa-base'],
    purpose: 'operational services',
    statements: (s) => [
      ...s3ReadWrite(s, ['backend', 'infra']),
      kmsEncryptDecrypt(['key:data', 'key:infra']),
      ...secretsReadWrite(s),
      ...ec2UnitOperations(s),
      ...cloudWatchProject(s),
    ],
  },
  {
    id: 'data-services',
    kind: 'application',
    roleName: project('data-services'),
    namespace: 'application',
    serviceAccounts: ['sa-data-services'],
    purpose: 'data services',
    statements: (s) => s3ReadWrite(s, ['backend']),
  },
  {
    id: 'qm',
    kind: 'application',
    roleName: project('qm'),
    namespace: 'application',
    serviceAccounts: ['sa-uqm'],
    purpose: 'Units Queues Management',
    statements: (s) => [...s3ReadWrite(s, ['backend']), ...ec2UnitOperations(s)],
  },
];
