/**
 * Least-privilege policy statements as plain data, so the catalog, the docs table, the tests and
 * the stacks all read the same thing. Every resource is an ARN of this project's own buckets,
 * keys, secrets, parameters, log groups or tagged instances; `*` appears only with the read-only
 * calls listed in UNSCOPED_READ_ACTIONS, which AWS does not scope to resources.
 */

export type Conditions = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

export interface StatementSpec {
  readonly sid: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
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

/** Read-only calls that have no resource-level permissions, so they can only name `*`. */
export const UNSCOPED_READ_ACTIONS: ReadonlySet<string> = new Set([
  ...AUTOSCALER_DISCOVERY_ACTIONS,
  'ec2:DescribeInstances',
  'ec2:DescribeInstanceStatus',
  'route53:ListHostedZones',
  'secretsmanager:ListSecrets',
  'cloudwatch:ListMetrics',
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
  /** Real key ARNs once the data stack provides them. */
  readonly kmsKeyArns?: readonly string[];
  /** Until then: the aliases the project's keys carry. */
  readonly kmsKeyAliases: readonly string[];
  /** Secrets Manager names of the project start with this (`<project>/<env>/`). */
  readonly secretsPrefix: string;
  readonly route53ZoneId?: string;
  /** The log group Fluent Bit ships pod logs to (the charts stack creates it). */
  readonly containerLogGroupName: string;
}

const arn = (s: ResourceScope, service: string, resource: string, region = s.region, account = s.account) =>
  `arn:${s.partition}:${service}:${region}:${account}:${resource}`;

export function readOnlyUnscoped(sid: string, actions: readonly string[]): StatementSpec {
  for (const a of actions) if (!UNSCOPED_READ_ACTIONS.has(a)) throw new Error(`${a} is not a listed unscoped read action`);
  return { sid, actions, resources: ['*'], wildcardReason: 'read-only calls that AWS does not scope to resources' };
}

export function s3ReadWrite(s: ResourceScope, buckets: readonly string[], sid = 'S3ReadWrite'): StatementSpec[] {
  const bucketArns = buckets.map((b) => `arn:${s.partition}:s3:::${b}`);
  return [
    { sid: `${sid}Buckets`, actions: ['s3:ListBucket', 's3:GetBucketLocation'], resources: bucketArns },
    {
      sid: `${sid}Objects`,
      actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:GetObjectTagging', 's3:PutObjectTagging'],
      resources: bucketArns.map((b) => `${b}/*`),
      wildcardReason: 'object keys are written at run time; the statement names the project bucket',
    },
  ];
}

export function kmsEncryptDecrypt(s: ResourceScope, sid = 'KmsUseProjectKeys'): StatementSpec {
  const actions = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey'];
  if (s.kmsKeyArns && s.kmsKeyArns.length > 0) return { sid, actions, resources: s.kmsKeyArns };
  return {
    sid,
    actions,
    resources: [arn(s, 'kms', 'key/*')],
    conditions: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': s.kmsKeyAliases } },
    wildcardReason: 'key ids are assigned at creation; the condition admits only keys carrying the project aliases',
  };
}

function secretArn(s: ResourceScope): string {
  // Secrets Manager appends a random 6-character suffix to secret ARNs.
  return arn(s, 'secretsmanager', `secret:${s.secretsPrefix}*`);
}

export function secretsRead(s: ResourceScope, sid = 'SecretsRead'): StatementSpec {
  return {
    sid,
    actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret', 'secretsmanager:ListSecretVersionIds'],
    resources: [secretArn(s)],
    wildcardReason: 'secrets are named under the project prefix and get a random suffix from Secrets Manager',
  };
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
      conditions: { StringEquals: { 'aws:ResourceTag/project': s.project, 'aws:ResourceTag/environment': s.envName } },
      wildcardReason: 'instances are found by tag; the condition admits only those tagged with this project and environment',
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

export { arn as scopedArn };
