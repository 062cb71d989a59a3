/**
 * The chart catalog resolved for one environment: enabled entries only, values computed (images
 * pointed at the mirror when it is on), dependencies expanded by phase, deployment waves.
 */
import { CHART_CATALOG } from './catalog';
import { awsForFluentBit } from './catalog/aws-for-fluent-bit';
import type { ChartContext, DeployTimeValues, Phase, Values } from './chart-spec';
import type { KarpenterModel } from '../karpenter/resolve';
import type { GatewayTls } from './gateway-tls';
import { selectChartPin } from '../compat/selection';
import type { ChartPin } from '../config/versions';
import { registriesInUse } from './enabled';
import { imageValue, REGISTRIES, type ImageMirror, type RegistryId } from './registries';
import { deploymentWaves, effectiveDependencies, impliedDependencies, type CloudResource } from '../plan/graph';
import { admissionDependencies } from '../plan/admission';
import { DEFAULT_HELM_TIMEOUT_SECONDS } from '../plan/lambda-budget';
import { dnsSuffixOf } from '../config/regions';

export interface ResolvedHelmRelease {
  readonly repository: string;
  readonly chart: string;
  readonly release: string;
  readonly version: string;
  readonly values: Values;
  readonly deployTimeValues: DeployTimeValues;
  readonly timeoutSeconds: number;
  /** The catalog pin this release uses, with its provenance and supported Kubernetes minors. */
  readonly pin?: ChartPin;
}

export interface ResolvedChart {
  readonly id: string;
  readonly purpose: string;
  readonly phase: Phase;
  readonly namespace: string;
  readonly roleId?: string;
  /** AWS resources it makes a controller create. */
  readonly creates: readonly CloudResource[];
  /** Dependencies the entry declares. */
  readonly dependsOn: readonly string[];
  /** Entries whose fail-closed webhooks admit objects it creates: it waits for them (src/plan/admission.ts). */
  readonly admittedBy: readonly string[];
  /** Its objects claim volumes, so it waits for the platform's StorageClasses. */
  readonly claimsVolumes: boolean;
  /** Everything it waits for: declared dependencies plus those its phase implies. */
  readonly after: readonly string[];
  /** Present for Helm charts. */
  readonly helm?: ResolvedHelmRelease;
  /** Present for entries that are plain Kubernetes objects. */
  readonly manifests?: readonly Values[];
}

export interface ChartsModel {
  readonly entries: readonly ResolvedChart[];
  /** Entries that install in parallel, wave after wave. */
  readonly waves: readonly (readonly string[])[];
  /** What the application phase (the application chart's slot) waits for. */
  readonly applicationAfter: readonly string[];
  readonly mirror: ImageMirror;
  /** Where Fluent Bit ships pod logs, and the entry that writes there; absent while Fluent Bit is off. */
  readonly containerLogGroup?: { readonly name: string; readonly retentionDays: number; readonly writer: string };
}


/** Set a dotted path inside a values tree, creating objects on the way. */
export function setPath(values: Values, path: string, value: unknown): void {
  const keys = path.split('.');
  let node: Record<string, unknown> = values;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (next === undefined || next === null || typeof next !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

export interface ChartEnvironment {
  readonly project: string;
  readonly envName: string;
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  readonly clusterName: string;
  readonly route53ZoneId?: string;
  readonly containerLogGroupName: string;
  readonly logRetentionDays: number;
  readonly mirror: { readonly enabled: boolean; readonly credentials: Partial<Record<'dockerHub' | 'githubContainerRegistry', string>> };
  /** Service account names by workload identity role id. */
  readonly serviceAccounts: ReadonlyMap<string, string>;
  readonly availabilityZones: readonly string[];
  readonly karpenter?: KarpenterModel;
  /** The cluster's Kubernetes minor, which chooses each chart's pin. */
  readonly kubernetesVersion: string;
  /** The next minor being prepared (cluster.upgradePolicy.prepareFor). */
  readonly prepareFor?: string;
  readonly gatewayTls: GatewayTls;
}

export function resolveCharts(env: ChartEnvironment, enabled: ReadonlySet<string>): ChartsModel {
  const active = CHART_CATALOG.filter((e) => enabled.has(e.id));
  const dnsSuffix = dnsSuffixOf(env.partition);
  const mirror: ImageMirror = {
    enabled: env.mirror.enabled,
    registryHost: `${env.account}.dkr.ecr.${env.region}.${dnsSuffix}`,
    rules: env.mirror.enabled
      ? [...registriesInUse(active).keys()].map((registry: RegistryId) => {
          const field = REGISTRIES[registry].credential;
          return { registry, prefix: `${env.envName}/${registry}`, credentialArn: field ? env.mirror.credentials[field] : undefined };
        })
      : [],
  };
  const ctx: ChartContext = {
    project: env.project,
    envName: env.envName,
    region: env.region,
    clusterName: env.clusterName,
    route53ZoneId: env.route53ZoneId,
    containerLogGroupName: env.containerLogGroupName,
    serviceAccount: (roleId) => {
      const name = env.serviceAccounts.get(roleId);
      // Roles of enabled charts are always resolved (the role catalog follows chart toggles).
      if (!name) throw new Error(`no workload identity role "${roleId}" for the chart catalog`);
      return name;
    },
    image: (registry, repository, tag) => `${imageValue(mirror, { registry, repository })}:${tag}`,
    availabilityZones: env.availabilityZones,
    karpenter: env.karpenter,
    gatewayTls: env.gatewayTls,
  };

  const after = effectiveDependencies(active);
  const entries: ResolvedChart[] = active.map((entry) => {
    const common = {
      id: entry.id,
      purpose: entry.purpose,
      phase: entry.phase,
      namespace: entry.namespace,
      // A role the environment does not use (cert-manager's DNS-01 under a private CA) is none.
      roleId: entry.roleId && env.serviceAccounts.has(entry.roleId) ? entry.roleId : undefined,
      creates: [...(entry.creates ?? [])],
      dependsOn: [...(entry.dependsOn ?? [])],
      admittedBy: admissionDependencies(entry, active),
      claimsVolumes: entry.claimsVolumes ?? false,
      after: after.get(entry.id) ?? [],
    };
    if (entry.kind === 'manifest') return { ...common, manifests: entry.manifests(ctx) };
    const pin = selectChartPin(entry.id, env.kubernetesVersion, env.prepareFor);
    const values = entry.values(ctx);
    for (const [path, pinned] of Object.entries(pin?.pinnedValues ?? {})) setPath(values, path, pinned.version);
    for (const ref of entry.images) setPath(values, ref.path, imageValue(mirror, ref));
    return {
      ...common,
      helm: {
        repository: entry.repository,
        chart: entry.chart,
        release: entry.release(ctx),
        version: pin?.version ?? entry.version,
        values,
        deployTimeValues: entry.deployTimeValues ?? {},
        timeoutSeconds: entry.timeoutSeconds ?? DEFAULT_HELM_TIMEOUT_SECONDS,
        pin,
      },
    };
  });
  const containerLogGroup = enabled.has(awsForFluentBit.id)
    ? { name: env.containerLogGroupName, retentionDays: env.logRetentionDays, writer: awsForFluentBit.id }
    : undefined;
  return { entries, waves: deploymentWaves(active), applicationAfter: impliedDependencies(active, 'application'), mirror, containerLogGroup };
}
