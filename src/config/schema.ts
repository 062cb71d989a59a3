/**
 * The environment file: plain typed data, checked field by field here.
 * Checks that relate two fields to each other live in `rules.ts`; turning a checked file into
 * the resolved model lives in `model.ts`.
 */
import { z } from 'zod';
import { ALLOWED_INSTANCE_TYPES, ALLOWED_INSTANCE_TYPES_HINT } from './instance-types';
import { AURORA_INSTANCE_CLASSES, DOCUMENTDB_INSTANCE_CLASSES, REDIS_NODE_TYPES, classHint } from './data-classes';
import { contains, isRfc1918, isVpcAddressSpace, overlaps, parseCidr, type Cidr } from './cidr';
import { tagKeyProblem, tagValueProblem, USER_TAGS_MAX } from './aws-tags';
import { kubeletRestrictedLabel } from './kubernetes-names';
import { kubernetesLabels } from './kubernetes-labels-schema';
import { karpenterSchema } from '../karpenter/schema';
import { KNOWN_REGIONS, partitionOf } from './regions';
import { didYouMean } from './suggest';
import { ADDON_NAMES, ADDON_VERSION_PATTERN, SUPPORTED_KUBERNETES_VERSIONS } from './versions';
import { PULL_THROUGH_SECRET_PREFIX } from '../charts/registries';
import { clientVpnSchema } from '../network/client-vpn-schema';
import { applicationSchema } from '../application/schema';
import { nodeGroupRelease, nodeGroupUpdate, upgradePolicy } from './upgrade-schema';
import { deliverySchema } from '../delivery/schema';
import { auditSchema } from '../audit/schema';
import { backupSchema } from '../data/backup-schema';
import { chartsSchema } from '../gitops/schema';

/** Retention values that CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** VPC endpoints a private cluster may need; `s3` is a gateway endpoint, the rest are interface endpoints. */
export const VPC_ENDPOINTS = [
  's3',
  'ecr.api',
  'ecr.dkr',
  'sts',
  'logs',
  'ec2',
  'secretsmanager',
  'ssm',
  'ssmmessages',
  'ec2messages',
  'eks',
  'eks-auth',
  'elasticloadbalancing',
  'autoscaling',
  'kms',
] as const;

const retention = z.literal(LOG_RETENTION_DAYS, {
  message: `log retention must be one of the CloudWatch Logs values: ${LOG_RETENTION_DAYS.join(', ')} days`,
});

/** A CIDR block with checks of its own; `check` returns the problem of a well-formed block. */
const cidrWith = (what: string, check: (c: Cidr, text: string) => string | undefined) =>
  z.string().superRefine((v, ctx) => {
    const parsed = parseCidr(v);
    const problem = parsed ? check(parsed, v) : `${what} must be an IPv4 CIDR block with no host bits set, such as 10.0.0.0/16`;
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const DOCKER_BRIDGE = parseCidr('172.17.0.0/16')!;
const EVERYWHERE = parseCidr('0.0.0.0/0')!;

/** Tags: AWS's rules for every key and value, and room left for the platform's own tags. */
const awsTags = z.record(z.string(), z.string()).superRefine((tags, ctx) => {
  for (const [key, value] of Object.entries(tags)) {
    const problem = tagKeyProblem(key) ?? tagValueProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', path: [key], message: problem });
  }
  if (Object.keys(tags).length > USER_TAGS_MAX) {
    ctx.addIssue({ code: 'custom', message: `${Object.keys(tags).length} tags; AWS allows 50 a resource and the platform sets up to 10 of its own, so at most ${USER_TAGS_MAX}` });
  }
});

/** S3 bucket naming rules (general purpose buckets). */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'bucket names are 3 to 63 characters long';
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return 'bucket names use lowercase letters, digits, dots and hyphens, and start and end with a letter or digit';
  if (name.includes('..')) return 'bucket names cannot contain two adjacent dots';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'bucket names cannot look like an IP address';
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name) || /(-s3alias|--ol-s3|\.mrap|--x-s3)$/.test(name)) return 'bucket names cannot use the prefixes and suffixes S3 reserves';
  return undefined;
}

const pullThroughSecretArn = z
  .string()
  .regex(
    new RegExp(`^arn:aws(-cn|-us-gov)?:secretsmanager:[a-z0-9-]+:\\d{12}:secret:${PULL_THROUGH_SECRET_PREFIX}[\\w/+=.@-]+$`),
    `must be the ARN of a Secrets Manager secret named ${PULL_THROUGH_SECRET_PREFIX}<name> (ECR pull-through cache reads only secrets with that prefix)`,
  );

const bucketName = z.string().superRefine((v, ctx) => {
  const problem = bucketNameProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: `"${v}": ${problem}` });
});

/** An instance class from a closed list, with the list in the message. */
const dataClass = (list: readonly string[], service: string) =>
  z.string().refine((v) => list.includes(v), { message: `not a ${service} instance class this platform allows; allowed: ${classHint(list)}` });

/** IAM role ARN without a path: access entries match the role ARN as IAM reports it without its path. */
const ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@-]{1,64}$/;

const namespaceName = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a namespace is a DNS label: lowercase letters, digits and "-", at most 63, starting and ending with a letter or digit');

const accessPrincipal = z.strictObject({
  principalArn: z.string().superRefine((v, ctx) => {
    if (v.includes('/aws-reserved/sso.amazonaws.com/')) {
      ctx.addIssue({
        code: 'custom',
        message:
          'IAM Identity Center role ARNs must be given without their path: use arn:aws:iam::<account>:role/AWSReservedSSO_<name>_<id>',
      });
    } else if (!ROLE_ARN.test(v)) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be an IAM role ARN such as arn:aws:iam::123456789012:role/platform-admins (users and wildcards are not accepted)',
      });
    }
  }).describe('IAM role (or IAM Identity Center permission-set role, without its path) granted this access level.'),
  namespaces: z.array(namespaceName).default([]).describe('Limit the grant to these namespaces; empty means the whole cluster. Not allowed for clusterAdmin. Each must be created by the platform or listed in cluster.externalNamespaces.'),
});

export const environmentSchema = z.strictObject({
  $schema: z.string().optional().describe('Path to docs/environment.schema.json, for editor completion and checks.'),
  name: z.string().regex(/^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){0,15}$/, 'environment name must be 1-16 lowercase letters, digits or single hyphens, starting with a letter and not ending with a hyphen (database identifiers forbid "--" and a trailing hyphen)').describe('Environment name: used in resource names and tags.'),
  project: z.string().regex(/^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){1,19}$/, 'project must be 2-20 lowercase letters, digits or single hyphens, starting with a letter and not ending with a hyphen (database identifiers forbid "--" and a trailing hyphen)').describe('Project name: the `<project>` of SPEC\'s `<project>-<env>-...` names.'),
  account: z.string().regex(/^\d{12}$/, 'account must be a 12-digit AWS account id').describe('AWS account the stacks deploy to.'),
  region: z
    .string()
    .refine((v) => partitionOf(v) !== undefined, {
      error: (issue) =>
        `"${String(issue.input)}" is not an AWS Region this platform knows (partitions aws, aws-cn, aws-us-gov; src/config/regions.ts).${didYouMean(String(issue.input), KNOWN_REGIONS)}`,
    })
    .describe('AWS Region the stacks deploy to, in the aws, aws-cn or aws-us-gov partition (ARNs follow it).'),
  availabilityZones: z.array(z.string()).length(3, 'exactly 3 Availability Zones are required').describe('Exactly three distinct Availability Zones of the region (zone codes such as eu-west-1a, checked against src/config/regions.ts).'),
  tags: awsTags.default({}).describe(`Extra tags for every resource (project, environment and managed-by are always set): AWS tag keys (1-128 characters, no "aws:" prefix) and values (0-256), at most ${USER_TAGS_MAX}.`),

  network: z.strictObject({
    vpcCidr: cidrWith('the VPC block', (c, v) => {
      if (!isVpcAddressSpace(c)) return `${v} is not private address space; use a block inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or the shared 100.64.0.0/10`;
      if (c.prefix < 16 || c.prefix > 24) return `a VPC block must be between /16 and /24 (got /${c.prefix}); /16 leaves room for pod IPs`;
      return undefined;
    }).describe('VPC address block, /16 to /24 of private (RFC 1918) or shared (RFC 6598, 100.64.0.0/10) space; nodes and pods take addresses from it.'),
    publicSubnetMask: z.number().int().min(16).max(28).default(24).describe('Prefix length of each public subnet (load balancers, NAT).'),
    privateSubnetMask: z.number().int().min(16).max(28).default(19).describe('Prefix length of each private subnet (nodes, pods, data services).'),
    natGateways: z.union([z.literal(1), z.literal(3)], { message: 'natGateways must be 1 (one shared) or 3 (one per AZ)' }).describe('NAT gateways: 1 (shared, cheaper) or 3 (one per AZ, no cross-AZ dependency).'),
    flowLogs: z
      .strictObject({
        trafficType: z.enum(['ALL', 'REJECT', 'ACCEPT']).default('ALL').describe('Which traffic the flow log records.'),
        retentionDays: retention.default(90).describe('Days the flow log group keeps records.'),
      })
      .default({ trafficType: 'ALL', retentionDays: 90 })
      .describe('VPC flow logs to an encrypted CloudWatch log group.'),
    endpoints: z.array(z.enum(VPC_ENDPOINTS)).default([...VPC_ENDPOINTS]).describe('VPC endpoints to create (s3 is a gateway endpoint, the others interface endpoints).'),
    clientVpn: clientVpnSchema(retention).optional(),
  }).describe('The VPC (SPEC section 2).'),

  cluster: z.strictObject({
    name: z
      .string()
      .regex(/^[a-z][a-z0-9-]*[a-z0-9]$/, 'cluster name must use lowercase letters, digits and hyphens, start with a letter and not end with a hyphen')
      .max(38, 'cluster name must be at most 38 characters so that <cluster>-load-balancer-controller fits the 64-character IAM role name limit').describe('Used for the cluster and, as a prefix, for its IAM roles, so it must leave room within IAM\'s 64 characters.'),
    kubernetesVersion: z
      .enum(SUPPORTED_KUBERNETES_VERSIONS as [string, ...string[]], {
        message: `kubernetesVersion must be one of ${SUPPORTED_KUBERNETES_VERSIONS.join(', ')} (the versions whose add-ons are pinned in src/config/versions.ts)`,
      })
      .describe('Kubernetes minor version; one whose managed add-on versions are catalogued.'),
    upgradePolicy,
    endpoint: z
      .strictObject({
        public: z.boolean().default(false).describe('Public access is off unless asked for, and then only from the listed CIDRs.'),
        publicCidrs: z
          .array(
            cidrWith('each public CIDR', (c, v) => {
              if (c.prefix === 0 || contains(c, EVERYWHERE)) return '0.0.0.0/0 opens the API server to the internet; list your office or VPN egress addresses';
              if (isVpcAddressSpace(c)) return `${v} is private address space, which reaches the private endpoint anyway; list public egress addresses`;
              return undefined;
            }),
          )
          .default([])
          .describe('Internet addresses allowed to reach the public endpoint (office, VPN egress); never 0.0.0.0/0 or private space.'),
      })
      .default({ public: false, publicCidrs: [] })
      .describe('API server endpoint: private always, public only when asked and only from publicCidrs.'),
    // EKS API reference, KubernetesNetworkConfigRequest.serviceIpv4Cidr: within 10.0.0.0/8,
    // 172.16.0.0/12 or 192.168.0.0/16, between /24 and /12, outside the VPC. RFC 6598 space is
    // allowed for the VPC, not here.
    servicesCidr: cidrWith('the services block', (c, v) => {
      if (!isRfc1918(c)) return `${v} must be inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 (EKS rule)`;
      if (c.prefix < 12 || c.prefix > 24) return `the services block must be between /12 and /24 (got /${c.prefix}, EKS rule)`;
      if (overlaps(c, DOCKER_BRIDGE)) return `${v} overlaps 172.17.0.0/16, which EKS reserves; e.g. 172.20.0.0/16`;
      return undefined;
    }).default('172.20.0.0/16').describe('Kubernetes Service address block: /12 to /24 of RFC 1918 space (an EKS rule), outside the VPC and 172.17.0.0/16.'),
    logRetentionDays: retention.default(90).describe('Retention of the control-plane log group /aws/eks/<name>/cluster.'),
    legacyServicePolicy: z.boolean().default(false).describe('Attach AmazonEKSServicePolicy too (not needed since 2020; SPEC correction).'),
    access: z
      .strictObject({
        clusterAdmin: z.array(accessPrincipal).default([]).describe('AmazonEKSClusterAdminPolicy, cluster-wide.'),
        admin: z.array(accessPrincipal).default([]).describe('AmazonEKSAdminPolicy, cluster-wide or in namespaces.'),
        edit: z.array(accessPrincipal).default([]).describe('AmazonEKSEditPolicy, cluster-wide or in namespaces.'),
        view: z.array(accessPrincipal).default([]).describe('AmazonEKSViewPolicy, cluster-wide or in namespaces.'),
      })
      .default({ clusterAdmin: [], admin: [], edit: [], view: [] })
      .describe('EKS access entries per level: clusterAdmin, admin, edit, view (AmazonEKS<Level>Policy).'),
    externalNamespaces: z
      .array(namespaceName)
      .default([])
      .refine((v) => new Set(v).size === v.length, { message: 'namespaces must not repeat' })
      .describe('Namespaces created outside this platform (by another team\'s pipeline) that access entries may name; any other namespace must be one the platform creates.'),
  }).describe('The EKS control plane (SPEC section 3).'),

  nodeGroup: z.strictObject({
    instanceTypes: z
      .array(
        z.string().refine((t) => ALLOWED_INSTANCE_TYPES.has(t), {
          message: `instance type is not allowed; allowed: ${ALLOWED_INSTANCE_TYPES_HINT}`,
        }),
      )
      .min(1, 'at least one instance type is required')
      .describe('Instance types of the node group, one architecture; allowed list in src/config/instance-types.ts.'),
    amiType: z.enum(['BOTTLEROCKET_x86_64', 'BOTTLEROCKET_ARM_64']).optional().describe('Optional: derived from the instance architecture when omitted.'),
    capacityType: z.enum(['ON_DEMAND', 'SPOT']).default('ON_DEMAND').describe('On-Demand or Spot capacity for the managed node group.'),
    minSize: z.number().int().min(1, 'minSize must be at least 1 (cluster add-ons need nodes)').max(450, 'minSize must be at most 450 nodes per managed node group').describe('Fewest nodes.'),
    maxSize: z.number().int().min(1, 'maxSize must be at least 1').max(450, 'maxSize must be at most 450 nodes per managed node group').describe('Most nodes (the autoscaler stays within it).'),
    desiredSize: z
      .number()
      .int()
      .min(1, 'desiredSize must be at least 1')
      .max(450, 'desiredSize must be at most 450 nodes per managed node group')
      .optional()
      .describe(
        'Node count to set. EKS needs it to create the group; CloudFormation sets it again on every change to the scaling settings, undoing the autoscaler. Once the group exists and an autoscaler manages it, remove it: the template then leaves the running count alone (docs/capacity.md).',
      ),
    forceUpdate: z
      .boolean()
      .default(false)
      .describe('Replace nodes during an update even when a PodDisruptionBudget forbids evicting their pods (EKS ForceUpdateEnabled). Off: an update that cannot drain a node fails instead of breaking a budget.'),
    dataVolumeGiB: z.number().int().min(20).max(16384).default(50).describe('Bottlerocket data volume (/dev/xvdb) in GiB: images and container storage.'),
    osVolumeGiB: z.number().int().min(2).max(64).default(4).describe('Bottlerocket OS volume (/dev/xvda) in GiB.'),
    metadataHopLimit: z.number().int().min(1).max(64).default(1).describe('IMDSv2 hop limit: 1 keeps pods (which use IRSA) away from the node role\'s credentials.'),
    // EKS API (CreateNodegroup labels): keys and values 1 to 63 characters, on top of Kubernetes' rules.
    labels: kubernetesLabels((key, value) => {
      if (key.length > 63) return `"${key}" is ${key.length} characters; EKS allows node group label keys of at most 63, prefix included`;
      if (value.length === 0) return 'EKS refuses empty node group label values';
      if (kubeletRestrictedLabel(key)) return `the kubelet may not set "${key}" on its own node (NodeRestriction reserves kubernetes.io and k8s.io except node.kubernetes.io and kubelet.kubernetes.io); use your own domain`;
      return undefined;
    }).default({}).describe('Kubernetes labels of the nodes (keys up to 63 characters and non-empty values, EKS limits; not in the kubernetes.io or k8s.io domains).'),
    releaseVersion: nodeGroupRelease,
    update: nodeGroupUpdate,
  }).describe('The Bottlerocket managed node group (SPEC section 4).'),

  karpenter: karpenterSchema.optional(),

  identity: z
    .strictObject({
      mode: z
        .enum(['irsa', 'pod-identity'], { message: 'identity mode must be irsa or pod-identity (in the file, or -c identity=MODE)' })
        .default('irsa')
        .describe('How pods get AWS credentials: IRSA (OIDC web identity) or EKS Pod Identity. `-c identity=MODE` overrides it.'),
      route53ZoneId: z
        .string()
        .regex(/^Z[A-Z0-9]{1,32}$/, 'a Route 53 hosted zone id looks like Z0123456789ABCDEFGHIJ')
        .optional()
        .describe('The hosted zone external-dns may change; without it external-dns gets no role.'),
    })
    .default({ mode: 'irsa' })
    .describe('Workload identity (SPEC section 7).'),

  data: z
    .strictObject({
      removalPolicy: z
        .enum(['retain', 'destroy'], {
          message: 'data.removalPolicy must be "retain" (databases, file system, buckets, keys and repositories survive stack deletion) or "destroy"',
        })
        .describe('Required, no default: what happens to every stateful resource when its stack is deleted. `retain` also turns deletion protection on.'),
      buckets: z
        .strictObject({
          backend: bucketName.optional().describe('Backend bucket name; default <project>-<env>-backend-<account>.'),
          infra: bucketName.optional().describe('Infrastructure bucket name; default <project>-<env>-infra-<account>.'),
          noncurrentVersionDays: z.number().int().min(1).max(3650).default(90).describe('Days an overwritten or deleted object version is kept.'),
          accessLogDays: z.number().int().min(1).max(3650).default(365).describe('Days server access logs are kept.'),
        })
        .default({ noncurrentVersionDays: 90, accessLogDays: 365 })
        .describe('S3 buckets (SPEC section 8).'),
      aurora: z
        .strictObject({
          instanceClass: dataClass(AURORA_INSTANCE_CLASSES, 'Aurora PostgreSQL').describe('Instance class of the writer and readers.'),
          instances: z.number().int().min(1).max(16).describe('Writer plus readers; 2 or more places readers in other zones (multi-AZ).'),
          backupRetentionDays: z.number().int().min(1, 'Aurora keeps backups for 1 to 35 days').max(35, 'Aurora keeps backups for 1 to 35 days').describe('Days of automated backups.'),
          databaseName: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'database name must start with a letter and use lowercase letters, digits and underscores').default('app').describe('Database created at launch.'),
        })
        .describe('Aurora PostgreSQL, the primary database.'),
      redis: z
        .strictObject({
          nodeType: dataClass(REDIS_NODE_TYPES, 'ElastiCache Redis').describe('Node type.'),
          nodes: z.number().int().min(1).max(6).describe('Primary plus replicas; 2 or more turns on automatic failover and multi-AZ.'),
          snapshotRetentionDays: z.number().int().min(0).max(35).describe('Days of automatic snapshots (0 turns them off).'),
        })
        .describe('ElastiCache Redis, for cache and sessions.'),
      documentdb: z
        .strictObject({
          instanceClass: dataClass(DOCUMENTDB_INSTANCE_CLASSES, 'DocumentDB').describe('Instance class.'),
          instances: z.number().int().min(1).max(16).describe('Primary plus replicas; 2 or more spreads them over zones.'),
          backupRetentionDays: z.number().int().min(1, 'DocumentDB keeps backups for 1 to 35 days').max(35, 'DocumentDB keeps backups for 1 to 35 days').describe('Days of automated backups.'),
        })
        .describe('DocumentDB, the alert store (MongoDB-compatible).'),
      efs: z
        .strictObject({
          throughputMode: z.enum(['elastic', 'bursting']).default('elastic').describe('EFS throughput mode.'),
        })
        .default({ throughputMode: 'elastic' })
        .describe('The EFS file system for InfluxDB2 and EFS-backed volumes.'),
      backup: backupSchema,
    })
    .describe('Data services and storage (SPEC section 8).'),

  registry: z
    .strictObject({
      images: z
        .array(z.string().regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/, 'image names use lowercase letters, digits and . _ - / separators, such as backend or aos/api'))
        .default([])
        .refine((v) => new Set(v).size === v.length, { message: 'image names must be unique' })
        .describe('Application images: each gets an ECR repository <project>/<env>/<image>.'),
      keepTaggedImages: z.number().int().min(1).max(1000).default(30).describe('Newest images a repository keeps; older ones expire.'),
      untaggedExpireDays: z.number().int().min(1).max(365).default(7).describe('Days an untagged image layer set is kept.'),
    })
    .default({ images: [], keepTaggedImages: 30, untaggedExpireDays: 7 })
    .describe('ECR repositories for the application images and the group that may push to them (SPEC section 9).'),

  charts: chartsSchema,

  application: applicationSchema.optional(),

  imageMirror: z
    .strictObject({
      enabled: z.boolean().default(false).describe('Pull every chart image through ECR pull-through cache rules in this account, never from public registries.'),
      credentials: z
        .strictObject({
          dockerHub: pullThroughSecretArn.optional().describe('Secret holding a Docker Hub user name and access token (needed for Istio\'s images).'),
          githubContainerRegistry: pullThroughSecretArn.optional().describe('Secret holding a GitHub user name and token with read:packages (needed for ghcr.io images).'),
        })
        .default({})
        .describe('Secrets Manager secrets for the registries ECR caches only with credentials.'),
    })
    .default({ enabled: false, credentials: {} })
    .describe('The image mirror ("ECR sync", SPEC section 6).'),

  addons: z
    .partialRecord(
      z.enum(ADDON_NAMES as unknown as [string, ...string[]]),
      z.string().regex(ADDON_VERSION_PATTERN, 'add-on version must look like v1.22.1-eksbuild.2'),
    )
    .default({}).describe('Optional per-environment override of the catalogued add-on versions.'),

  delivery: deliverySchema.optional(),

  audit: auditSchema(retention),
});

/** The environment file after field checks and defaults. */
export type EnvironmentConfig = z.output<typeof environmentSchema>;
/** What a user writes. */
export type EnvironmentInput = z.input<typeof environmentSchema>;
