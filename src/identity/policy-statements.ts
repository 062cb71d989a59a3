/**
 * Least-privilege policy statements as plain data, so the catalog, the docs table, the tests and
 * the stacks all read the same thing. Every resource is an ARN of this project's own buckets,
 * keys, secrets, parameters, log groups or tagged instances; `*` appears only with the read-only
 * calls listed in UNSCOPED_READ_ACTIONS, which AWS does not scope to resources.
 */

export type Conditions = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

/**
 * Resources the data stack creates whose ARNs exist only once deployed (key ids, RDS-managed
 * secrets). A statement names them here; the stack that builds the role fills in the real ARNs.
 */
export type DataResource = 'key:data' | 'key:infra' | 'secret:aurora' | 'secret:redis' | 'secret:documentdb';

const DATABASE_SECRETS: readonly DataResource[] = ['secret:aurora', 'secret:redis', 'secret:documentdb'];

export interface StatementSpec {
  readonly sid: string;
  readonly actions: readonly string[];
  /** ARNs known from names alone. */
  readonly resources: readonly string[];
  /** ARNs the data stack provides (see DataResource). */
  readonly dataResources?: readonly DataResource[];
  readonly conditions?: Conditions;
  /** Why a wildcard in a resource is as narrow as it can be (shown to cdk-nag and reviewers). */
  readonly wildcardReason?: string;
}

/** What the cluster autoscaler reads to discover groups and instance shapes. */
export const AUTOSCALER_DISCOVERY_ACTIONS: readonly string[] = [
  'autoscaling:DescribeAutoScalingGroups',
  'autoscaling:DescribeAutoScalingInstances',
  'autoscaling:DescribeLaunchConfigurations',
  'autoscaling:DescribeScalingActivities',
  'autoscaling:DescribeTags',
  'ec2:DescribeImages',
  'ec2:DescribeInstanceTypes',
  'ec2:DescribeLaunchTemplateVersions',
  'ec2:GetInstanceTypesFromInstanceRequirements',
];

/** Read calls Karpenter makes that have no resource-level permissions (its policy scopes them to the region). */
export const KARPENTER_REGIONAL_READ_ACTIONS: readonly string[] = [
  'ec2:DescribeAvailabilityZones',
  'ec2:DescribeCapacityReservations',
  'ec2:DescribeImages',
  'ec2:DescribeInstances',
  'ec2:DescribeInstanceTypeOfferings',
  'ec2:DescribeInstanceTypes',
  'ec2:DescribeLaunchTemplates',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSpotPriceHistory',
  'ec2:DescribeSubnets',
];

/** Karpenter's other unscoped reads: prices, and its instance profile garbage collector's listing. */
export const KARPENTER_UNSCOPED_READ_ACTIONS: readonly string[] = ['pricing:GetProducts', 'iam:ListInstanceProfiles'];

/** Read-only calls that have no resource-level permissions, so they can only name `*`. */
export const UNSCOPED_READ_ACTIONS: ReadonlySet<string> = new Set([
  ...AUTOSCALER_DISCOVERY_ACTIONS,
  'ec2:DescribeInstances',
  'ec2:DescribeInstanceStatus',
  'route53:ListHostedZones',
  'secretsmanager:ListSecrets',
  'cloudwatch:ListMetrics',
  // A registry login (the image push group): the token is useful only with repository permissions.
  'ecr:GetAuthorizationToken',
  // Karpenter: instance type, zone, price and subnet discovery; its instance profile collector.
  ...KARPENTER_REGIONAL_READ_ACTIONS,
  ...KARPENTER_UNSCOPED_READ_ACTIONS,
]);

/** Calls with no resource type that a condition narrows instead; they may name `*` only with it. */
export const UNSCOPED_CONDITIONED_ACTIONS: ReadonlySet<string> = new Set(['cloudwatch:PutMetricData']);

/** What a catalog entry needs to know to name real resources. */
export interface ResourceScope {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly project: string;
  readonly envName: string;
  readonly clusterName: string;
  readonly backendBucket: string;
  readonly infraBucket: string;
  /** Secrets Manager names of the project start with this (`<project>/<env>/`). */
  readonly secretsPrefix: string;
  readonly route53ZoneId?: string;
  /** The log group Fluent Bit ships pod logs to (the charts stack creates it). */
  readonly containerLogGroupName: string;
  /** Alias of the data key (the data stack creates it), for statements that cannot name its ARN. */
  readonly dataKeyAlias: string;
}

const arn = (s: ResourceScope, service: string, resource: string, region = s.region, account = s.account) =>
  `arn:${s.partition}:${service}:${region}:${account}:${resource}`;

export function readOnlyUnscoped(sid: string, actions: readonly string[]): StatementSpec {
  for (const a of actions) if (!UNSCOPED_READ_ACTIONS.has(a)) throw new Error(`${a} is not a listed unscoped read action`);
  return { sid, actions, resources: ['*'], wildcardReason: 'read-only calls that AWS does not scope to resources' };
}

/** The project buckets and the key each is encrypted with (the data stack creates both). */
export type ProjectBucket = 'backend' | 'infra';
const BUCKET_KEYS: Readonly<Record<ProjectBucket, 'key:data' | 'key:infra'>> = { backend: 'key:data', infra: 'key:infra' };

/** Key use that a service makes on the caller's behalf (SSE-KMS objects, encrypted secrets). */
function keyThroughService(s: ResourceScope, sid: string, service: string, actions: readonly string[], keys: ReadonlyArray<'key:data' | 'key:infra'>): StatementSpec {
  return {
    sid,
    actions,
    resources: [],
    dataResources: [...new Set(keys)],
    conditions: { StringEquals: { 'kms:ViaService': `${service}.${s.region}.amazonaws.com` } },
  };
}

export function s3ReadWrite(s: ResourceScope, buckets: readonly ProjectBucket[], sid = 'S3ReadWrite'): StatementSpec[] {
  const bucketArns = buckets.map((b) => `arn:${s.partition}:s3:::${b === 'backend' ? s.backendBucket : s.infraBucket}`);
  return [
    { sid: `${sid}Buckets`, actions: ['s3:ListBucket', 's3:GetBucketLocation'], resources: bucketArns },
    {
      sid: `${sid}Objects`,
      actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:GetObjectTagging', 's3:PutObjectTagging'],
      resources: bucketArns.map((b) => `${b}/*`),
      wildcardReason: 'object keys are written at run time; the statement names the project bucket',
    },
    // SSE-KMS: S3 uses the bucket key with the caller's permissions.
    keyThroughService(s, `${sid}Keys`, 's3', ['kms:Decrypt', 'kms:GenerateDataKey'], buckets.map((b) => BUCKET_KEYS[b])),
  ];
}

/** Use of the project's own keys, by their real ARNs (the data stack creates them). */
export function kmsEncryptDecrypt(keys: ReadonlyArray<'key:data' | 'key:infra'>, sid = 'KmsUseProjectKeys'): StatementSpec {
  const actions = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey'];
  return { sid, actions, resources: [], dataResources: keys };
}

function secretArn(s: ResourceScope): string {
  // Secrets Manager appends a random 6-character suffix to secret ARNs.
  return arn(s, 'secretsmanager', `secret:${s.secretsPrefix}*`);
}

/** The project's secrets are encrypted with the data key; reading one decrypts through Secrets Manager. */
function secretsKey(s: ResourceScope, sid: string, write: boolean): StatementSpec {
  return keyThroughService(s, sid, 'secretsmanager', write ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'], ['key:data']);
}

/**
 * Decrypt with the data key through one service, naming the key by its alias: the cluster stack,
 * which holds the infrastructure roles, deploys beside the data stack and cannot name the key's ARN.
 */
function dataKeyByAlias(s: ResourceScope, sid: string, service: string): StatementSpec {
  return {
    sid,
    actions: ['kms:Decrypt'],
    resources: [arn(s, 'kms', 'key/*')],
    conditions: {
      StringEquals: { 'kms:ViaService': `${service}.${s.region}.amazonaws.com` },
      'ForAnyValue:StringEquals': { 'kms:ResourceAliases': s.dataKeyAlias },
    },
    wildcardReason: `key ids exist only once the data stack is deployed; the condition admits only the data key (by its alias) used through ${service}`,
  };
}

/**
 * Read the project's own secrets (`<project>/<env>/`), for a controller that syncs them. It names
 * nothing of the data stack (the cluster stack deploys beside it): the key is admitted by its
 * alias, and database credentials reach pods through the CSI driver with the pod's own role.
 */
export function secretsRead(s: ResourceScope, sid = 'SecretsRead'): StatementSpec[] {
  return [
    {
      sid,
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret', 'secretsmanager:ListSecretVersionIds'],
      resources: [secretArn(s)],
      wildcardReason: 'secrets are named under the project prefix and get a random suffix from Secrets Manager',
    },
    dataKeyByAlias(s, `${sid}Key`, 'secretsmanager'),
  ];
}

export function secretsReadWrite(s: ResourceScope, sid = 'SecretsReadWrite'): StatementSpec[] {
  return [
    {
      sid,
      actions: [
        'secretsmanager:GetSecretValue',
        'secretsmanager:DescribeSecret',
        'secretsmanager:ListSecretVersionIds',
        'secretsmanager:PutSecretValue',
        'secretsmanager:UpdateSecret',
        'secretsmanager:CreateSecret',
        'secretsmanager:DeleteSecret',
        'secretsmanager:TagResource',
        'secretsmanager:RotateSecret',
      ],
      resources: [secretArn(s)],
      wildcardReason: 'secrets are named under the project prefix and get a random suffix from Secrets Manager',
    },
    // Database credentials live outside the project prefix (RDS names Aurora's; the data stack
    // keeps the others apart): read, never written.
    { sid: `${sid}Databases`, actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [], dataResources: DATABASE_SECRETS },
    secretsKey(s, `${sid}Key`, true),
    readOnlyUnscoped(`${sid}List`, ['secretsmanager:ListSecrets']),
  ];
}

/** EC2 "unit operations" (SPEC section 7): only instances tagged with this project and environment. */
export function ec2UnitOperations(s: ResourceScope, sid = 'Ec2UnitOperations'): StatementSpec[] {
  return [
    {
      sid,
      actions: ['ec2:StartInstances', 'ec2:StopInstances', 'ec2:RebootInstances'],
      resources: [arn(s, 'ec2', 'instance/*')],
      conditions: {
        StringEquals: { 'aws:ResourceTag/project': s.project, 'aws:ResourceTag/environment': s.envName },
        // Cluster nodes carry the project tags too (managed node group and Karpenter): never a unit.
        Null: { [`aws:ResourceTag/kubernetes.io/cluster/${s.clusterName}`]: 'true' },
      },
      wildcardReason: 'instances are found by tag; the condition admits only those tagged with this project and environment, and never the cluster\'s nodes',
    },
    readOnlyUnscoped(`${sid}Describe`, ['ec2:DescribeInstances', 'ec2:DescribeInstanceStatus']),
  ];
}

/** CloudWatch: metrics in the project namespace, logs in the project's log groups. */
export function cloudWatchProject(s: ResourceScope, sid = 'CloudWatchProject'): StatementSpec[] {
  const namespace = `${s.project}/${s.envName}`;
  return [
    {
      sid: `${sid}Metrics`,
      actions: ['cloudwatch:PutMetricData'],
      resources: ['*'],
      conditions: { StringEquals: { 'cloudwatch:namespace': namespace } },
      wildcardReason: 'PutMetricData has no resource type; the condition limits it to the project namespace',
    },
    {
      sid: `${sid}Logs`,
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      resources: [arn(s, 'logs', `log-group:/${namespace}/*`)],
      wildcardReason: 'log groups and streams are created under the project prefix at run time',
    },
    readOnlyUnscoped(`${sid}List`, ['cloudwatch:ListMetrics']),
  ];
}

/**
 * The project's SSM parameters (`/<project>/<env>/...`); SecureString ones are encrypted with the
 * data key, which SSM uses on the caller's behalf.
 */
export function parametersRead(s: ResourceScope, sid = 'ParametersRead'): StatementSpec[] {
  return [
    {
      sid,
      actions: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'],
      resources: [arn(s, 'ssm', `parameter/${s.project}/${s.envName}/*`)],
      wildcardReason: 'parameters live under the project path /<project>/<env>/',
    },
    dataKeyByAlias(s, `${sid}Key`, 'ssm'),
  ];
}

export { arn as scopedArn };
