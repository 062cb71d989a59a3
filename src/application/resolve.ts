/**
 * The application layer resolved for one environment: every service with its image, account,
 * role, size and network edges; the secret sets mounted through the CSI driver and who mounts
 * them; RabbitMQ and InfluxDB. The application stack, the chart values, the summary and the docs
 * all read this.
 */
import type { ResolvedRole } from '../identity/resolved-role';
import type { DataResource } from '../identity/policy-statements';
import { DEPENDENCY_IMAGES, SERVICE_CATALOG, type Dependency, type ServiceProbes } from './catalog';
import type { ApplicationConfig } from './schema';
import { imageReference, versionKind, type VersionKind } from './version';
import { repositoryName } from '../registry/repository-name';
import { DEFAULT_TLS_ISSUER, resolveGatewayTls, type GatewayTls } from '../charts/gateway-tls';

export interface Resources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

export interface ResolvedService {
  readonly name: string;
  readonly purpose: string;
  /** Entry of `registry.images`. */
  readonly image: string;
  /** `<registry>/<project>/<env>/<image>` (the data stack's repository). */
  readonly repository: string;
  readonly serviceAccount: string;
  /** Id and name of the workload identity role bound to the account. */
  readonly roleId: string;
  readonly roleName: string;
  readonly port?: number;
  readonly probes: ServiceProbes;
  readonly talksTo: readonly string[];
  readonly uses: readonly Dependency[];
  readonly publicPath?: string;
  readonly replicas?: number;
  readonly autoscaling?: { readonly minReplicas: number; readonly maxReplicas: number; readonly cpuUtilization: number; readonly memoryUtilization: number };
  /** Two or more replicas at all times: a PodDisruptionBudget and spread matter. */
  readonly replicated: boolean;
  readonly resources: Resources;
  readonly env: Readonly<Record<string, string>>;
  /** Secret sets mounted under /mnt/secrets/<set>. */
  readonly secretSets: readonly string[];
}

/** One SecretProviderClass: a secret of Secrets Manager and the files it becomes in the pod. */
export interface SecretSet {
  readonly name: string;
  /** A database secret of the data stack, by its catalog reference... */
  readonly data?: DataResource;
  /** ...or an application secret `<project>/<env>/<name>` that the application stack creates. */
  readonly secretName?: string;
  /** Keys of a JSON secret mounted as files of their own (jmesPath). */
  readonly keys: readonly string[];
  /** Services that mount it; `influxdb` for InfluxDB's own. */
  readonly mountedBy: readonly string[];
  readonly description: string;
}

export interface ApplicationModel {
  /** The `<environment>` namespace (SPEC section 6). */
  readonly namespace: string;
  /** The release name (`<base_name>`, the project). */
  readonly release: string;
  readonly version?: string;
  readonly versionKind?: VersionKind;
  readonly hosts: readonly string[];
  /** TLS at the ingress gateway for `hosts`: the certificate, its Secret and its issuer. */
  readonly tls: GatewayTls;
  readonly services: readonly ResolvedService[];
  readonly secretSets: readonly SecretSet[];
  readonly rabbitmq: {
    readonly name: string;
    readonly enabled: boolean;
    readonly replicas: number;
    readonly storageGiB: number;
    readonly storageClass: string;
    readonly resources: Resources;
    readonly image: { readonly registry: 'docker-hub'; readonly repository: string; readonly tag: string };
  };
  readonly influxdb: {
    readonly name: string;
    readonly enabled: boolean;
    readonly storageGiB: number;
    readonly resources: Resources;
    readonly image: { readonly registry: 'docker-hub'; readonly repository: string; readonly tag: string };
    /** It stores the data pipeline's series and runs as its account (the role reads its two secrets only in addition). */
    readonly serviceAccount: string;
    readonly uid: number;
    readonly gid: number;
    /** Mount options of the static EFS volume: TLS in transit and IAM authorization. */
    readonly mountOptions: readonly string[];
    readonly organization: string;
    readonly bucket: string;
  };
}

const SMALL: Resources = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } };
const RABBITMQ_DEFAULT: Resources = { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } };
const INFLUXDB_DEFAULT: Resources = { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '2Gi' } };

/** The database secrets of the data stack and the keys of each that become files. */
const DATABASE_SETS: ReadonlyArray<{ dependency: Dependency; data: DataResource; keys: string[]; description: string }> = [
  { dependency: 'aurora', data: 'secret:aurora', keys: ['username', 'password'], description: 'Aurora master credentials (rotated by RDS)' },
  { dependency: 'redis', data: 'secret:redis', keys: [], description: 'Redis AUTH token' },
  { dependency: 'documentdb', data: 'secret:documentdb', keys: ['username', 'password'], description: 'DocumentDB credentials (rotated by Secrets Manager)' },
];

/** InfluxDB's setup secrets, created by the application stack; data-services reads the token. */
const INFLUXDB_SECRETS = [
  { name: 'influxdb-admin-password', users: ['influxdb'], description: 'InfluxDB2 admin password (setup)' },
  { name: 'influxdb-admin-token', users: ['influxdb', 'data-services'], description: 'InfluxDB2 admin API token' },
];

export interface ApplicationEnvironment {
  readonly project: string;
  readonly envName: string;
  /** `<account>.dkr.ecr.<region>.<suffix>`: the application images' registry. */
  readonly registryHost: string;
  readonly roles: readonly ResolvedRole[];
  /** The hosted zone DNS-01 writes to (`identity.route53ZoneId`). */
  readonly route53ZoneId?: string;
}

/**
 * Names of the secret sets the platform mounts by itself: the data stack's database secrets and
 * InfluxDB's setup secrets. An application secret may not take one (it would be a second
 * SecretProviderClass, and for InfluxDB's a second secret, of the same name).
 */
export const PLATFORM_SECRET_SETS: readonly string[] = [...DATABASE_SETS.map((d) => d.dependency), ...INFLUXDB_SECRETS.map((x) => x.name)];

export function resolveApplication(config: ApplicationConfig | undefined, env: ApplicationEnvironment): ApplicationModel {
  const cfg = config ?? { hosts: ['*'], services: {}, secrets: {} };
  const tls = resolveGatewayTls({
    project: env.project,
    envName: env.envName,
    issuer: cfg.tls?.issuer ?? DEFAULT_TLS_ISSUER,
    email: cfg.tls?.email,
    hosts: cfg.hosts,
    route53ZoneId: env.route53ZoneId,
  });
  const roleOf = (account: string) => env.roles.find((r) => r.kind === 'application' && r.serviceAccounts.includes(account));
  const declared = Object.entries(cfg.secrets);

  const services: ResolvedService[] = SERVICE_CATALOG.filter((spec) => cfg.services[spec.name]?.enabled !== false).map((spec) => {
    const s = cfg.services[spec.name];
    const image = s?.image ?? spec.image;
    const serviceAccount = s?.serviceAccount ?? spec.serviceAccount;
    const role = roleOf(serviceAccount);
    // Validation admits only the catalog's application accounts.
    if (!role) throw new Error(`no application role binds ${serviceAccount}`);
    const autoscaling = s?.autoscaling;
    const replicas = autoscaling ? undefined : (s?.replicas ?? spec.replicas);
    const publicPath = s?.public === undefined ? spec.publicPath : s.public === false ? undefined : s.public.path;
    const secretSets = [
      ...DATABASE_SETS.filter((d) => spec.uses.includes(d.dependency)).map((d) => d.dependency),
      ...(spec.uses.includes('influxdb') ? INFLUXDB_SECRETS.filter((x) => x.users.includes(spec.name)).map((x) => x.name) : []),
      ...declared.filter(([, d]) => d.services.includes(spec.name)).map(([name]) => name),
    ];
    return {
      name: spec.name,
      purpose: spec.purpose,
      image,
      repository: `${env.registryHost}/${repositoryName(env.project, env.envName, image)}`,
      serviceAccount,
      roleId: role.id,
      roleName: role.roleName,
      port: spec.port,
      probes: spec.probes,
      talksTo: spec.talksTo,
      uses: spec.uses,
      publicPath,
      replicas,
      autoscaling,
      replicated: (autoscaling?.minReplicas ?? replicas ?? 1) >= 2,
      resources: s?.resources ?? SMALL,
      env: s?.env ?? {},
      secretSets,
    };
  });

  const mounters = (set: string) => services.filter((s) => s.secretSets.includes(set)).map((s) => s.name);
  const influxdbOn = services.some((s) => s.uses.includes('influxdb'));
  const secretSets: SecretSet[] = [
    ...DATABASE_SETS.map((d) => ({ name: d.dependency, data: d.data, keys: d.keys, mountedBy: mounters(d.dependency), description: d.description })),
    ...(influxdbOn ? INFLUXDB_SECRETS : []).map((x) => ({
      name: x.name,
      secretName: `${env.project}/${env.envName}/${x.name}`,
      keys: [],
      mountedBy: [...new Set([...x.users.filter((u) => u === 'influxdb'), ...mounters(x.name)])],
      description: x.description,
    })),
    ...declared.map(([name, d]) => ({ name, secretName: `${env.project}/${env.envName}/${name}`, keys: [], mountedBy: mounters(name), description: d.description ?? 'application secret' })),
  ].filter((set) => set.mountedBy.length > 0);

  const rabbitmq = cfg.rabbitmq;
  const influx = cfg.influxdb;
  return {
    namespace: env.envName,
    release: env.project,
    version: cfg.version,
    versionKind: cfg.version ? versionKind(cfg.version) : undefined,
    hosts: cfg.hosts,
    tls,
    services,
    secretSets,
    rabbitmq: {
      name: 'rabbitmq',
      enabled: services.some((s) => s.uses.includes('rabbitmq')),
      replicas: rabbitmq?.replicas ?? 1,
      storageGiB: rabbitmq?.storageGiB ?? 10,
      storageClass: 'gp3',
      resources: rabbitmq?.resources ?? RABBITMQ_DEFAULT,
      image: DEPENDENCY_IMAGES.rabbitmq,
    },
    influxdb: {
      name: 'influxdb',
      enabled: influxdbOn,
      storageGiB: influx?.storageGiB ?? 20,
      resources: influx?.resources ?? INFLUXDB_DEFAULT,
      image: DEPENDENCY_IMAGES.influxdb,
      serviceAccount: 'sa-data-services',
      uid: 1000,
      gid: 1000,
      mountOptions: ['iam', 'tls'],
      organization: env.project,
      bucket: env.envName,
    },
  };
}

/** Services' image references at a version. */
export function serviceImage(service: ResolvedService, version: string): string {
  return imageReference(service.repository, version);
}

/** Services and InfluxDB that mount a set, by the account they run as. */
export function accountsMounting(app: ApplicationModel, set: SecretSet): string[] {
  return [...new Set(set.mountedBy.map((m) => (m === 'influxdb' ? app.influxdb.serviceAccount : app.services.find((s) => s.name === m)!.serviceAccount)))];
}
