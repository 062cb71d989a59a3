/**
 * The AosCloud services (SPEC section 7's pod table and the images of `registry.images`) as
 * data: what each runs as, what it listens on, whom it calls and which data services it uses.
 * The environment file sizes them (`application.services.<name>`); adding a service is adding an
 * entry here and its image to `registry.images` (docs/application.md).
 */

/** Data services and in-cluster dependencies a service may use; each opens one network path. */
export const DEPENDENCIES = ['aurora', 'redis', 'documentdb', 'rabbitmq', 'influxdb'] as const;
export type Dependency = (typeof DEPENDENCIES)[number];

/** How the kubelet checks a container: HTTP on its port, or a command for services without one. */
export type ProbeSpec = { readonly httpPath: string } | { readonly command: readonly string[] };

export interface ServiceProbes {
  readonly liveness: ProbeSpec;
  readonly readiness: ProbeSpec;
}

export interface ServiceSpec {
  readonly name: string;
  readonly purpose: string;
  /** Default image (an entry of `registry.images`). */
  readonly image: string;
  /** Default service account: one of the identity catalog's application accounts. */
  readonly serviceAccount: string;
  /** The HTTP port it serves (container and Service); none for pure workers. */
  readonly port?: number;
  readonly probes: ServiceProbes;
  /** Services it calls inside the namespace (each is a network policy edge). */
  readonly talksTo: readonly string[];
  readonly uses: readonly Dependency[];
  /** Default public route through the ingress gateway. */
  readonly publicPath?: string;
  /** Default replicas (the environment file decides per environment). */
  readonly replicas: number;
}

/** The golden-path contract of an HTTP service: liveness and readiness endpoints on its port. */
const HTTP_PROBES: ServiceProbes = { liveness: { httpPath: '/healthz/live' }, readiness: { httpPath: '/healthz/ready' } };
/** A worker without a port ships a health command instead. */
const EXEC_PROBES: ServiceProbes = { liveness: { command: ['/app/healthcheck', 'live'] }, readiness: { command: ['/app/healthcheck', 'ready'] } };
const HTTP_PORT = 8080;

export const SERVICE_CATALOG: readonly ServiceSpec[] = [
  {
    name: 'api',
    purpose: 'public API',
    image: 'api',
    serviceAccount: 'sa-app',
    port: HTTP_PORT,
    probes: HTTP_PROBES,
    talksTo: ['auth', 'backend', 'service-discovery'],
    uses: ['aurora', 'redis', 'rabbitmq'],
    publicPath: '/api',
    replicas: 1,
  },
  {
    name: 'auth',
    purpose: 'authentication and sessions',
    image: 'auth',
    serviceAccount: 'sa-app',
    port: HTTP_PORT,
    probes: HTTP_PROBES,
    talksTo: [],
    uses: ['aurora', 'redis'],
    publicPath: '/auth',
    replicas: 1,
  },
  {
    name: 'backend',
    purpose: 'deployable items and business logic (backend bucket)',
    image: 'backend',
    serviceAccount: 'sa-app',
    port: HTTP_PORT,
    probes: HTTP_PROBES,
    talksTo: ['service-discovery', 'data-services'],
    uses: ['aurora', 'redis', 'rabbitmq'],
    replicas: 1,
  },
  {
    name: 'service-discovery',
    purpose: 'service registration (backend bucket)',
    image: 'service-discovery',
    serviceAccount: 'sa-sd',
    port: HTTP_PORT,
    probes: HTTP_PROBES,
    talksTo: [],
    uses: ['aurora', 'redis'],
    replicas: 1,
  },
  {
    name: 'task-runner',
    purpose: 'deployment tasks and unit operations (EC2)',
    image: 'task-runner',
    serviceAccount: 'sa-task',
    port: HTTP_PORT,
    probes: HTTP_PROBES,
    talksTo: ['backend'],
    uses: ['aurora', 'redis', 'rabbitmq'],
    replicas: 1,
  },
  {
    name: 'message-handler',
    purpose: 'consumes unit messages from RabbitMQ',
    image: 'message-handler',
    serviceAccount: 'sa-task',
    port: HTTP_PORT,
    probes: HTTP_PROBES,
    talksTo: ['backend'],
    uses: ['aurora', 'redis', 'rabbitmq'],
    replicas: 1,
  },
  {
    name: 'secrets-updater',
    purpose: 'keeps the project secrets in Secrets Manager current',
    image: 'secrets-updater',
    serviceAccount: 'sa-secrets-manager',
    probes: EXEC_PROBES,
    talksTo: [],
    uses: [],
    replicas: 1,
  },
  {
    name: 'units-queues-management',
    purpose: 'queue management and unit operations (EC2)',
    image: 'units-queues-management',
    serviceAccount: 'sa-uqm',
    port: HTTP_PORT,
    probes: HTTP_PROBES,
    talksTo: ['backend'],
    uses: ['aurora', 'redis', 'rabbitmq'],
    replicas: 1,
  },
  {
    name: 'data-services',
    purpose: 'data pipeline (backend bucket, InfluxDB)',
    image: 'data-services',
    serviceAccount: 'sa-data-services',
    port: HTTP_PORT,
    probes: HTTP_PROBES,
    talksTo: [],
    uses: ['aurora', 'rabbitmq', 'influxdb'],
    replicas: 1,
  },
  {
    name: 'alert-handler',
    purpose: 'alert storage (DocumentDB); an operational service',
    image: 'alert-handler',
    serviceAccount: 'sa-base',
    port: HTTP_PORT,
    probes: HTTP_PROBES,
    talksTo: [],
    uses: ['documentdb', 'rabbitmq'],
    replicas: 1,
  },
];

export const SERVICE_NAMES: readonly string[] = SERVICE_CATALOG.map((s) => s.name);

/** Third-party images the application layer runs, pinned to traced releases. */
export const DEPENDENCY_IMAGES = {
  // rabbitmq/cluster-operator v2.16.1 main.go: defaultRabbitmqImage = "rabbitmq:4.1.3-management",
  // the operator version of the Bitnami chart 4.4.34 that installs it (appVersion 2.16.1).
  rabbitmq: { registry: 'docker-hub', repository: 'library/rabbitmq', tag: '4.1.3-management' },
  // influxdata/influxdata-docker influxdb/2.9/Dockerfile (d457cb9): INFLUXDB_VERSION=2.9.1, user
  // influxdb uid/gid 1000 (the EFS access point's owner), *_FILE variants for the setup secrets.
  influxdb: { registry: 'docker-hub', repository: 'library/influxdb', tag: '2.9.1' },
} as const;
