/**
 * The resolved platform model: defaults filled, names derived, versions chosen. Everything
 * downstream (stacks, summary, docs) reads this and derives nothing of its own.
 */
import { enabledChartIds } from '../charts/enabled';
import { resolveCharts, type ChartsModel } from '../charts/resolve';
import { resolveData, type DataModel } from '../data/resolve';
import { resolveKarpenter, type KarpenterModel } from '../karpenter/resolve';
import { resolveApplication, type ApplicationModel } from '../application/resolve';
import { withSecretMounts } from '../application/secret-mounts';
import { ROLE_CATALOG, type RoleFeature } from '../identity/catalog';
import { resolveClientVpn, type ClientVpnModel } from '../network/client-vpn-resolve';
import { resolveDelivery, type DeliveryModel } from '../delivery/resolve';
import { resolveAudit, type AuditModel } from '../audit/resolve';
import { resolveChartDelivery, type ChartDeliveryModel } from '../gitops/resolve';
import type { ResourceScope } from '../identity/policy-statements';
import type { IdentityMode, ResolvedRole } from '../identity/resolved-role';
import { ADDON_CATALOG } from './addons';
import { formatCidr, nthAddress, parseCidr } from './cidr';
import { ALLOWED_INSTANCE_TYPES, BOTTLEROCKET_AMI_TYPE, type Architecture } from './instance-types';
import type { EnvironmentConfig } from './schema';
import { partitionOf } from './regions';
import { layoutSubnets } from './subnets';
import { ADDON_VERSIONS, type AddonName } from './versions';
import { registryHostOf } from '../registry/repository-name';
import { DEFAULT_TLS_ISSUER, isAcme } from '../charts/gateway-tls';

export type AccessLevel = 'clusterAdmin' | 'admin' | 'edit' | 'view';

/** The EKS access policy each level maps to. */
export const ACCESS_POLICIES: Record<AccessLevel, string> = {
  clusterAdmin: 'AmazonEKSClusterAdminPolicy',
  admin: 'AmazonEKSAdminPolicy',
  edit: 'AmazonEKSEditPolicy',
  view: 'AmazonEKSViewPolicy',
};

export interface AccessGrant {
  readonly level: AccessLevel;
  readonly principalArn: string;
  readonly policy: string;
  /** Empty: cluster-wide. */
  readonly namespaces: readonly string[];
}

export interface ResolvedAddon {
  readonly name: AddonName;
  readonly version: string;
  readonly order: 'before-nodes' | 'after-nodes';
  readonly purpose: string;
  /** Id of the workload identity role the add-on runs with, if any. */
  readonly roleId?: string;
  readonly configuration?: Readonly<Record<string, string>>;
}

export type { IdentityMode, ResolvedRole } from '../identity/resolved-role';

export interface PlatformModel {
  readonly envName: string;
  readonly project: string;
  readonly account: string;
  readonly region: string;
  readonly availabilityZones: readonly string[];
  /** Tags on every taggable resource. */
  readonly tags: Readonly<Record<string, string>>;
  readonly network: {
    readonly vpcCidr: string;
    readonly natGateways: number;
    readonly subnets: ReadonlyArray<{ readonly az: string; readonly privateCidr: string; readonly publicCidr: string }>;
    readonly flowLogs: { readonly trafficType: 'ALL' | 'REJECT' | 'ACCEPT'; readonly retentionDays: number; readonly logGroupName: string };
    readonly endpoints: readonly string[];
    /** Operator access (AWS Client VPN), present while the file has a network.clientVpn section. */
    readonly clientVpn?: ClientVpnModel;
  };
  readonly cluster: {
    readonly name: string;
    readonly kubernetesVersion: string;
    readonly endpoint: { readonly mode: 'private' | 'public-and-private'; readonly publicCidrs: readonly string[] };
    readonly servicesCidr: string;
    /** The cluster DNS Service address: the tenth address of the services block, as EKS assigns it. */
    readonly clusterDnsIp: string;
    readonly logGroupName: string;
    readonly logRetentionDays: number;
    readonly logTypes: readonly string[];
    readonly rolePolicies: readonly string[];
    readonly access: readonly AccessGrant[];
    /** EKS support once the minor leaves standard support (never extended by default). */
    readonly upgradePolicy: { readonly supportType: 'STANDARD' | 'EXTENDED'; readonly prepareFor?: string };
  };
  readonly nodeGroup: {
    readonly name: string;
    readonly instanceTypes: readonly string[];
    readonly architecture: Architecture;
    readonly amiType: 'BOTTLEROCKET_x86_64' | 'BOTTLEROCKET_ARM_64';
    readonly capacityType: 'ON_DEMAND' | 'SPOT';
    readonly minSize: number;
    readonly maxSize: number;
    /** Set only where the environment sets it (CloudFormation re-applies it on every scaling change). */
    readonly desiredSize?: number;
    /** Replace nodes even when PodDisruptionBudgets forbid the eviction. */
    readonly forceUpdate: boolean;
    readonly osVolumeGiB: number;
    readonly dataVolumeGiB: number;
    readonly metadataHopLimit: number;
    readonly labels: Readonly<Record<string, string>>;
    readonly rolePolicies: readonly string[];
    /** Cluster-autoscaler discovery tags (SPEC section 4). */
    readonly autoscalerTags: Readonly<Record<string, string>>;
    /** The pinned Bottlerocket release (EKS releaseVersion); absent: the newest at creation. */
    readonly releaseVersion?: string;
    /** How updates roll through the group: a count or a percentage of nodes at once. */
    readonly update: { readonly maxUnavailable?: number; readonly maxUnavailablePercentage?: number };
  };
  readonly addons: readonly ResolvedAddon[];
  readonly identity: {
    readonly mode: IdentityMode;
    readonly scope: ResourceScope;
    readonly roles: readonly ResolvedRole[];
  };
  /** The Helm chart catalog as this environment enables it (SPEC section 6). */
  readonly charts: ChartsModel;
  /** How the chart catalog reaches the cluster: CloudFormation or the EKS-managed Argo CD (docs/gitops.md). */
  readonly chartDelivery: ChartDeliveryModel;
  /** Data services, storage and registry (SPEC sections 8 and 9). */
  readonly data: DataModel;
  /** Karpenter (SPEC section 4), present while the environment turns it on. */
  readonly karpenter?: KarpenterModel;
  /** The AosCloud application (SPEC sections 6 to 10): the application stack. */
  readonly application: ApplicationModel;
  /** Delivery by GitHub Actions (SPEC section 9), present while the file has a `delivery` section. */
  readonly delivery?: DeliveryModel;
  /** The account's audit trail and threat detection (issue 16), as this environment states them. */
  readonly audit: AuditModel;
}

/** The catalog role an add-on runs with, if any. */
export function addonRole(model: PlatformModel, addon: ResolvedAddon): ResolvedRole | undefined {
  return model.identity.roles.find((r) => r.id === addon.roleId);
}

/** IAM's limit on role names. */
export const IAM_ROLE_NAME_MAX = 64;


/**
 * A published policy's statements with their `arn:aws:` resources in the environment's partition.
 * Upstream publishes one file per partition: at v2.14.1 the load balancer controller's
 * docs/install/iam_policy_cn.json and iam_policy_us-gov.json hold the statements of
 * iam_policy.json (in another order) with only the partition changed.
 */
function inPartition(statements: readonly any[], partition: string): readonly any[] {
  return partition === 'aws' ? statements : JSON.parse(JSON.stringify(statements).replaceAll('"arn:aws:', `"arn:${partition}:`));
}

function resolveRoles(scope: ResourceScope, envName: string, mode: IdentityMode, charts: ReadonlySet<string>, features: ReadonlySet<RoleFeature>): ResolvedRole[] {
  // A chart's role exists only while the chart is enabled, and a feature's while it is in use.
  return ROLE_CATALOG.filter((spec) => (!spec.chart || charts.has(spec.chart)) && (!spec.onlyFor || features.has(spec.onlyFor))).map((spec) => {
    const roleName = spec.roleName(scope);
    // The schema's name limits make this unreachable; fail loudly if a catalog entry breaks them.
    if (roleName.length > IAM_ROLE_NAME_MAX) throw new Error(`role name ${roleName} exceeds ${IAM_ROLE_NAME_MAX} characters`);
    return {
      id: spec.id,
      kind: spec.kind,
      mode: spec.runsOnFargate ? 'irsa' : mode,
      roleName,
      namespace: spec.namespace === 'application' ? envName : spec.namespace,
      serviceAccounts: spec.serviceAccounts,
      addon: spec.addon,
      managedPolicies: spec.managedPolicies ?? [],
      statements: spec.statements?.(scope) ?? [],
      publishedPolicy: spec.publishedPolicy
        ? { source: spec.publishedPolicy.source, statements: inPartition(spec.publishedPolicy.document.Statement, scope.partition) }
        : undefined,
      purpose: spec.purpose,
    };
  });
}

function missing(what: string): never {
  throw new Error(`no version of ${what} (validation should have rejected the environment)`);
}

export const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;

export function resolveModel(env: EnvironmentConfig): PlatformModel {
  const cluster = env.cluster;
  const architecture = ALLOWED_INSTANCE_TYPES.get(env.nodeGroup.instanceTypes[0]) as Architecture;
  const subnets = layoutSubnets(parseCidr(env.network.vpcCidr)!, env.network.privateSubnetMask, env.network.publicSubnetMask, 3);
  const addonVersions = { ...ADDON_VERSIONS[cluster.kubernetesVersion], ...env.addons };
  const access: AccessGrant[] = (Object.keys(ACCESS_POLICIES) as AccessLevel[]).flatMap((level) =>
    cluster.access[level].map((p) => ({ level, principalArn: p.principalArn, policy: ACCESS_POLICIES[level], namespaces: p.namespaces })),
  );

  const scope: ResourceScope = {
    // The schema admits only Regions of the table, so the partition is always known.
    partition: partitionOf(env.region) ?? 'aws',
    region: env.region,
    account: env.account,
    project: env.project,
    envName: env.name,
    clusterName: cluster.name,
    backendBucket: env.data.buckets.backend ?? `${env.project}-${env.name}-backend-${env.account}`,
    infraBucket: env.data.buckets.infra ?? `${env.project}-${env.name}-infra-${env.account}`,
    secretsPrefix: `${env.project}/${env.name}/`,
    route53ZoneId: env.identity.route53ZoneId,
    containerLogGroupName: `/aws/eks/${cluster.name}/containers`,
    dataKeyAlias: `alias/${env.project}-${env.name}-data`,
  };
  const enabledCharts = enabledChartIds(env.charts, { route53ZoneId: env.identity.route53ZoneId, karpenter: env.karpenter?.enabled === true });
  // Roles follow the application's issuer; the application's accounts follow the roles.
  const dns01 = isAcme(env.application?.tls?.issuer ?? DEFAULT_TLS_ISSUER);
  const catalogRoles = resolveRoles(scope, env.name, env.identity.mode, enabledCharts, new Set<RoleFeature>(dns01 ? ['acme-dns01'] : []));
  const application = resolveApplication(env.application, {
    project: env.project,
    envName: env.name,
    registryHost: registryHostOf(env.account, env.region, scope.partition),
    roles: catalogRoles,
    route53ZoneId: env.identity.route53ZoneId,
  });
  // Application roles also read exactly the secrets their pods mount.
  const roles = withSecretMounts(catalogRoles, scope, application);
  const tags = { project: env.project, environment: env.name, 'managed-by': 'eks-platform', ...env.tags };
  const karpenter = resolveKarpenter(env, tags);

  return {
    envName: env.name,
    project: env.project,
    account: env.account,
    region: env.region,
    availabilityZones: env.availabilityZones,
    tags,
    network: {
      vpcCidr: env.network.vpcCidr,
      natGateways: env.network.natGateways,
      subnets: subnets.map((s, i) => ({ az: env.availabilityZones[i], privateCidr: formatCidr(s.private), publicCidr: formatCidr(s.public) })),
      flowLogs: { ...env.network.flowLogs, logGroupName: `/aws/vpc/${env.project}-${env.name}/flow-logs` },
      endpoints: [...new Set(env.network.endpoints)],
      clientVpn: resolveClientVpn(env.network.clientVpn, { project: env.project, envName: env.name, clusterName: cluster.name, vpcCidr: env.network.vpcCidr, availabilityZones: env.availabilityZones, retain: env.data.removalPolicy === 'retain' }),
    },
    cluster: {
      name: cluster.name,
      kubernetesVersion: cluster.kubernetesVersion,
      endpoint: {
        mode: cluster.endpoint.public ? 'public-and-private' : 'private',
        publicCidrs: cluster.endpoint.publicCidrs,
      },
      servicesCidr: cluster.servicesCidr,
      clusterDnsIp: nthAddress(parseCidr(cluster.servicesCidr)!, 10),
      logGroupName: `/aws/eks/${cluster.name}/cluster`,
      logRetentionDays: cluster.logRetentionDays,
      logTypes: CONTROL_PLANE_LOG_TYPES,
      rolePolicies: [
        'AmazonEKSClusterPolicy',
        'AmazonEKSVPCResourceController',
        ...(cluster.legacyServicePolicy ? ['AmazonEKSServicePolicy'] : []),
      ],
      access,
      upgradePolicy: cluster.upgradePolicy,
    },
    nodeGroup: {
      name: `${cluster.name}-bottlerocket`,
      instanceTypes: env.nodeGroup.instanceTypes,
      architecture,
      amiType: BOTTLEROCKET_AMI_TYPE[architecture],
      capacityType: env.nodeGroup.capacityType,
      minSize: env.nodeGroup.minSize,
      maxSize: env.nodeGroup.maxSize,
      desiredSize: env.nodeGroup.desiredSize,
      forceUpdate: env.nodeGroup.forceUpdate,
      osVolumeGiB: env.nodeGroup.osVolumeGiB,
      dataVolumeGiB: env.nodeGroup.dataVolumeGiB,
      metadataHopLimit: env.nodeGroup.metadataHopLimit,
      labels: env.nodeGroup.labels,
      // The CNI has its own role (vpc-cni add-on), so node roles (the node group's and Karpenter's)
      // do not carry AmazonEKS_CNI_Policy.
      rolePolicies: [
        'AmazonEKSWorkerNodePolicy',
        'AmazonEC2ContainerRegistryReadOnly',
        'CloudWatchAgentServerPolicy',
        'AmazonSSMManagedInstanceCore',
      ],
      autoscalerTags: {
        'k8s.io/cluster-autoscaler/enabled': 'true',
        [`k8s.io/cluster-autoscaler/${cluster.name}`]: 'owned',
      },
      releaseVersion: env.nodeGroup.releaseVersion,
      update: env.nodeGroup.update,
    },
    addons: ADDON_CATALOG.filter((spec) => !spec.onlyInMode || spec.onlyInMode === env.identity.mode).map((spec) => ({
      name: spec.name,
      // The compatibility rules reject a minor whose build is neither verified nor set by the file.
      version: addonVersions[spec.name] ?? missing(`add-on ${spec.name} for Kubernetes ${cluster.kubernetesVersion}`),
      order: spec.order,
      purpose: spec.purpose,
      roleId: roles.find((r) => r.addon === spec.name)?.id,
      configuration: spec.configuration,
    })),
    identity: { mode: env.identity.mode, scope, roles },
    charts: resolveCharts(
      {
        project: env.project,
        envName: env.name,
        account: env.account,
        region: env.region,
        partition: scope.partition,
        clusterName: cluster.name,
        route53ZoneId: env.identity.route53ZoneId,
        containerLogGroupName: scope.containerLogGroupName,
        logRetentionDays: cluster.logRetentionDays,
        mirror: env.imageMirror,
        serviceAccounts: new Map(roles.map((r) => [r.id, r.serviceAccounts[0]])),
        availabilityZones: env.availabilityZones,
        karpenter,
        kubernetesVersion: cluster.kubernetesVersion,
        prepareFor: cluster.upgradePolicy.prepareFor,
        gatewayTls: application.tls,
      },
      enabledCharts,
    ),
    data: resolveData(env, scope, roles, cluster.logRetentionDays),
    karpenter,
    application,
    chartDelivery: resolveChartDelivery(env.charts, { region: env.region, clusterName: cluster.name, github: env.delivery?.github }),
    delivery: resolveDelivery(env.delivery, { project: env.project, envName: env.name, account: env.account, region: env.region, partition: scope.partition }),
    audit: resolveAudit(env),
  };
}
