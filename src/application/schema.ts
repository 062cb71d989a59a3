/**
 * The `application` section of the environment file: the version to run and the size of each
 * AosCloud service, RabbitMQ and InfluxDB in this environment. Field checks here; checks against
 * the service catalog, the images and the identity catalog live in rules.ts.
 */
import { z } from 'zod';
import { DEFAULT_TLS_ISSUER, TLS_ISSUERS } from '../charts/gateway-tls';

/** Kubernetes CPU quantities: millicores (250m) or cores (0.5, 2). */
const CPU = /^([1-9]\d*m|\d+(\.\d{1,3})?)$/;
/** Kubernetes memory quantities in binary units (512Mi, 2Gi). */
const MEMORY = /^[1-9]\d*(Ki|Mi|Gi)$/;

const cpu = z.string().regex(CPU, 'CPU is millicores such as 250m or cores such as 0.5 or 2');
const memory = z.string().regex(MEMORY, 'memory is a whole number of Ki, Mi or Gi, such as 256Mi or 2Gi');

export const resourcesSchema = z
  .strictObject({
    requests: z.strictObject({ cpu, memory }).describe('What the scheduler reserves for each replica.'),
    limits: z.strictObject({ cpu, memory }).describe('The most each replica may use; never below requests.'),
  })
  .describe('Requests and limits of each replica (SPEC section 10: on every container).');

const autoscaling = z
  .strictObject({
    minReplicas: z.number().int().min(1).max(100).describe('Fewest replicas; 2 or more adds a PodDisruptionBudget.'),
    maxReplicas: z.number().int().min(1).max(100).describe('Most replicas.'),
    cpuUtilization: z.number().int().min(10).max(100).default(70).describe('Target average CPU, percent of requests.'),
    memoryUtilization: z.number().int().min(10).max(100).default(80).describe('Target average memory, percent of requests.'),
  })
  .describe('A HorizontalPodAutoscaler (autoscaling/v2) on CPU and memory instead of fixed replicas.');

/** Public route prefixes: whole path segments, so that a prefix can be matched on a segment boundary. */
const PUBLIC_PATH = /^(\/[a-z0-9][a-z0-9_-]*)+$/;

/** Environment variable names a container accepts. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const service = z.strictObject({
  enabled: z.boolean().default(true).describe('Deploy this service.'),
  image: z.string().optional().describe('Image (an entry of registry.images); default: the catalog\'s.'),
  serviceAccount: z.string().optional().describe('Service account (an application account of the identity catalog, sa-*); default: the catalog\'s.'),
  replicas: z.number().int().min(1).max(50).optional().describe('Fixed replicas (or set autoscaling); 2 or more adds a PodDisruptionBudget.'),
  autoscaling: autoscaling.optional(),
  resources: resourcesSchema.optional(),
  public: z
    .union([
      z.literal(false),
      z.strictObject({
        path: z
          .string()
          .regex(PUBLIC_PATH, 'a public path is one or more segments such as /api or /api/v2: each / followed by lowercase letters, digits, _ and -, with no trailing /')
          .describe('URI prefix routed to the service, matched on a segment boundary: /api takes /api and /api/..., never /apifoo.'),
      }),
    ])
    .optional()
    .describe('Route through the ingress gateway: { "path": "/api" }, or false; default: the catalog\'s.'),
  env: z.record(z.string().regex(ENV_NAME, 'environment variable names are letters, digits and _'), z.string().max(4096)).default({}).describe('Extra non-secret environment variables (secrets are files under /mnt/secrets).'),
});

/** Secrets Manager name segments under `<project>/<env>/`. */
const SECRET_NAME = /^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$/;

export const applicationSchema = z
  .strictObject({
    version: z
      .string()
      .optional()
      .describe('Image tag every service runs: a git SHA, a semantic version or a digest sha256:<64 hex>. `-c appVersion=TAG` overrides it; without it the release is not deployed.'),
    hosts: z
      .array(z.string().regex(/^(\*|(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+)$/, 'a host is a DNS name such as api.example.com, *.example.com, or *'))
      .min(1)
      .default(['*'])
      .describe('Hosts the public routes answer on the ingress gateway (HTTPS on 443, port 80 redirects). `*` (any host) only where data is not retained and the issuer is private-ca, as in dev; otherwise DNS names in the zone identity.route53ZoneId.'),
    tls: z
      .strictObject({
        issuer: z
          .enum(TLS_ISSUERS, { message: `tls.issuer must be one of ${TLS_ISSUERS.join(', ')}` })
          .default(DEFAULT_TLS_ISSUER)
          .describe(`Who signs the gateway's certificate: letsencrypt (ACME DNS-01 in identity.route53ZoneId), letsencrypt-staging (the same, untrusted staging CA), or private-ca (a root of the cluster's own, for clients that import it). Default: ${DEFAULT_TLS_ISSUER}; an environment that retains its data states it.`),
        email: z.email({ message: 'tls.email is an e-mail address such as ops@example.com' }).optional().describe('Contact of the ACME account (Let\'s Encrypt issuers only).'),
      })
      .optional()
      .describe('TLS at the ingress gateway: the certificate for `hosts` comes from cert-manager (docs/application.md#public-routes-and-tls).'),
    services: z.record(z.string(), service).default({}).describe('Per service of the catalog (docs/application.md): replicas or autoscaling, resources, public route.'),
    secrets: z
      .record(
        z.string().regex(SECRET_NAME, 'secret names are lowercase letters, digits and hyphens (they become <project>/<env>/<name>)'),
        z.strictObject({
          services: z.array(z.string()).min(1, 'name the services that mount the secret').describe('Services that mount it under /mnt/secrets/<name>.'),
          description: z.string().max(200).optional().describe('What the secret holds.'),
        }),
      )
      .default({})
      .describe('The application\'s own secrets: created (generated) as <project>/<env>/<name> in Secrets Manager and mounted through the CSI driver.'),
    rabbitmq: z
      .strictObject({
        replicas: z.union([z.literal(1), z.literal(3), z.literal(5)], { message: 'RabbitMQ replicas must be 1, 3 or 5 (an odd quorum)' }).describe('Nodes of the RabbitmqCluster.'),
        storageGiB: z.number().int().min(1).max(1000).describe('Persistent volume per node (gp3).'),
        resources: resourcesSchema,
      })
      .optional()
      .describe('The RabbitmqCluster (SPEC section 8); default: 1 node, 10 GiB.'),
    influxdb: z
      .strictObject({
        storageGiB: z.number().int().min(1).max(10000).describe('Capacity declared on the EFS volume (EFS itself is elastic).'),
        resources: resourcesSchema,
      })
      .optional()
      .describe('InfluxDB2 on EFS (SPEC section 8); default: 20 GiB declared.'),
  })
  .describe('The AosCloud application on the platform (the application stack).');

export type ApplicationConfig = z.output<typeof applicationSchema>;
