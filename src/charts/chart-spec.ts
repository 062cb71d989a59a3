/**
 * The shape of one entry of the Helm chart catalog (SPEC section 6). Entries are data: adding a
 * chart is adding a file under catalog/ and listing it in catalog.ts.
 */
import type { ImageRef, RegistryId } from './registries';
import type { KarpenterModel } from '../karpenter/resolve';
import type { GatewayTls } from './gateway-tls';

/** Kinds that some catalog entry's fail-closed webhook admits (read from each chart at its tag). */
export const ADMITTED_KINDS = [
  'Service',
  'Ingress',
  'IngressClassParams',
  'TargetGroupBinding',
  'ClusterSecretStore',
  'SecretStore',
  'ExternalSecret',
  'Certificate',
  'CertificateRequest',
  'Issuer',
  'ClusterIssuer',
] as const;
export type AdmittedKind = (typeof ADMITTED_KINDS)[number];

/**
 * Deployment phases, in order. `independent` entries (Prometheus) wait only for the cluster and
 * the image mirror, never for the primary/secondary chain.
 */
export const PHASES = ['primary', 'secondary', 'application', 'independent'] as const;
export type Phase = (typeof PHASES)[number];

/**
 * AWS resources that controllers create for Kubernetes objects, and the controller that deletes
 * them again: a Service of type LoadBalancer gets an NLB from the load balancer controller, a
 * NodePool gets EC2 instances from Karpenter. CloudFormation deletes in reverse dependency order,
 * so an entry that depends on the controller is deleted while the controller still runs and can
 * remove what it made; otherwise the resources outlive the stack.
 */
export const CLEANUP_CONTROLLERS = {
  'load-balancers': 'aws-load-balancer-controller',
  nodes: 'karpenter',
} as const;
export type CloudResource = keyof typeof CLEANUP_CONTROLLERS;


/** What an entry's values and manifests may read: plain data from the resolved environment. */
export interface ChartContext {
  readonly project: string;
  readonly envName: string;
  readonly region: string;
  readonly clusterName: string;
  readonly route53ZoneId?: string;
  /** CloudWatch log group that Fluent Bit writes pod logs to (created by the charts stack). */
  readonly containerLogGroupName: string;
  /** The service account of a workload identity role (charts never create their own). */
  readonly serviceAccount: (roleId: string) => string;
  /** The full image reference of `repository:tag` through the mirror when it is on. */
  readonly image: (registry: RegistryId, repository: string, tag: string) => string;
  readonly availabilityZones: readonly string[];
  /** Karpenter's settings, present while the environment turns it on. */
  readonly karpenter?: KarpenterModel;
  /** TLS of the public entry point: the gateway's certificate and who signs it. */
  readonly gatewayTls: GatewayTls;
}

/** What decides an entry's default: data from the environment file. */
export interface EnableContext {
  readonly route53ZoneId?: string;
  /** `karpenter.enabled`. */
  readonly karpenter: boolean;
}

export type Values = Record<string, unknown>;

interface EntryBase {
  /** Catalog id; also the key under `charts` in an environment file. */
  readonly id: string;
  readonly purpose: string;
  readonly phase: Phase;
  /** Ids of entries this one needs first (beyond what its phase implies). */
  readonly dependsOn?: readonly string[];
  readonly namespace: string;
  /** On unless the environment turns it off; a function decides from the environment's data. */
  readonly defaultEnabled: boolean | ((ctx: EnableContext) => boolean);
  /**
   * The environment setting that alone turns the entry on and off (its `defaultEnabled` reads
   * it); `charts.<id>` may not toggle such an entry.
   */
  readonly switchedBy?: string;
  /** The workload identity role its controller runs with. */
  readonly roleId?: string;
  /** AWS resources its objects make a controller create (load balancers, nodes); that controller must outlive it. */
  readonly creates?: readonly CloudResource[];
  /**
   * Kinds whose CREATE its admission webhooks intercept with failurePolicy Fail, read from the
   * chart's templates at its tag: entries that create them must wait for it (src/plan/admission.ts).
   */
  readonly admits?: readonly AdmittedKind[];
  /**
   * Kinds among the objects it creates that some entry's webhook admits, read from the chart
   * rendered at its tag (empty when none): the graph orders it after those webhooks.
   */
  readonly applies: readonly AdmittedKind[];
  /**
   * Its objects include PersistentVolumeClaims (of the default class or a block class by name): it
   * installs after the platform's StorageClasses. Entries without claims do not wait for them.
   */
  readonly claimsVolumes?: boolean;
}

/**
 * How one workload of a chart stays up through node drains and upgrades (SPEC section 10): the
 * values paths of its replica count and PodDisruptionBudget (checked against the chart at its tag),
 * or why it needs neither.
 */
export type Availability =
  | { readonly replicas: string; readonly disruptionBudget: string }
  /** Why one replica is right (and a budget on it would only block node drains). */
  | { readonly singleReplica: string }
  /** A DaemonSet: one pod per node, replaced with the node. */
  | { readonly perNode: string }
  /** The chart runs no workload (CRDs, cluster-wide objects). */
  | { readonly noPods: string };

/** Where deploy-time values go in a chart's values, by dotted path. */
export interface DeployTimeValues {
  readonly vpcId?: string;
  /** The cluster's API server endpoint. */
  readonly clusterEndpoint?: string;
}

export interface HelmEntry extends EntryBase {
  readonly kind: 'helm';
  readonly repository: string;
  readonly chart: string;
  readonly release: (ctx: ChartContext) => string;
  readonly version: string;
  /** Every image the chart runs, by value path; pointed at the mirror when it is on. */
  readonly images: readonly ImageRef[];
  readonly values: (ctx: ChartContext) => Values;
  /** Values that only exist at deploy time (CloudFormation references), by dotted path. */
  readonly deployTimeValues?: DeployTimeValues;
  /**
   * Seconds Helm waits for the release to become ready (default 600). With the kubectl handler's
   * own work it must end well inside the Lambda's 15 minutes: src/plan/lambda-budget.ts checks it.
   */
  readonly timeoutSeconds?: number;
  /** Each workload the chart runs, by name, and how it stays available. */
  readonly availability: Readonly<Record<string, Availability>>;
}

export interface ManifestEntry extends EntryBase {
  readonly kind: 'manifest';
  /** Registries its objects pull images from (for the mirror's rules). */
  readonly registries?: readonly RegistryId[];
  readonly manifests: (ctx: ChartContext) => Values[];
}

export type CatalogEntry = HelmEntry | ManifestEntry;
