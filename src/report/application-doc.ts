/**
 * docs/application.md: the application layer as the model describes it (services, sizes, accounts,
 * routes, secrets, the allowed traffic as a Mermaid graph), around the guide a team follows.
 */
import type { PlatformModel } from '../config/model';
import { DEPENDENCY_IMAGES, SERVICE_CATALOG } from '../application/catalog';
import { accountsMounting } from '../application/resolve';
import { GENERATED } from './docs';
import { replicasText } from './application-summary';

const id = (s: string) => s.replace(/[^A-Za-z0-9]/g, '_');
const code = (s: string) => `\`${s}\``;

/** The traffic the network policies allow, as a graph: each arrow is an allow rule of the chart. */
export function trafficMermaid(model: PlatformModel): string {
  const app = model.application;
  const data = model.data;
  const lines = ['flowchart LR', '  internet(["internet"]) --> gateway["istio ingress gateway<br/>istio-system"]'];
  lines.push(`  subgraph ns["namespace ${app.namespace} (default deny, ambient mTLS)"]`);
  for (const s of app.services) lines.push(`    ${id(s.name)}["${s.name}<br/>${s.serviceAccount}"]`);
  if (app.rabbitmq.enabled) lines.push(`    rabbitmq[("RabbitMQ ${app.rabbitmq.replicas}x")]`);
  if (app.influxdb.enabled) lines.push('    influxdb[("InfluxDB2 on EFS")]');
  lines.push('  end');
  lines.push(`  subgraph private["private subnets"]`, `    aurora[("Aurora :${data.aurora.port}")]`, `    redis[("Redis :${data.redis.port}")]`, `    documentdb[("DocumentDB :${data.documentdb.port}")]`, '  end');
  lines.push('  dns["kube-dns :53"]', '  aws["AWS APIs :443<br/>VPC endpoints, S3"]');
  for (const s of app.services) {
    if (s.publicPath) lines.push(`  gateway -->|"${s.publicPath}"| ${id(s.name)}`);
    for (const t of s.talksTo) lines.push(`  ${id(s.name)} -->|":${app.services.find((x) => x.name === t)?.port}"| ${id(t)}`);
    for (const d of s.uses) lines.push(`  ${id(s.name)} --> ${d}`);
  }
  lines.push('  ns -.-> dns', '  ns -.-> aws');
  return lines.join('\n');
}

function serviceTable(model: PlatformModel): string[] {
  const app = model.application;
  return [
    '| service | image | account (role) | port | public route | replicas | uses | secrets mounted |',
    '|---|---|---|---|---|---|---|---|',
    ...app.services.map((s) =>
      `| ${s.name} | ${code(s.image)} | ${code(s.serviceAccount)} (${s.roleName}) | ${s.port ?? 'none'} | ${s.publicPath ? code(s.publicPath) : ''} | ${replicasText(s)} | ${s.uses.join(', ')} | ${s.secretSets.map((x) => `/mnt/secrets/${x}`).join('<br>')} |`,
    ),
  ];
}

function secretTable(model: PlatformModel): string[] {
  const app = model.application;
  const source = (set: (typeof app.secretSets)[number]) => {
    switch (set.data) {
      case 'secret:aurora':
        return `data stack output ${code('AuroraSecretArn')} (RDS-managed)`;
      case 'secret:redis':
        return `data stack output ${code('RedisAuthSecretArn')} (${code(model.data.redis.authSecretName)})`;
      case 'secret:documentdb':
        return `data stack output ${code('DocumentDbSecretArn')} (${code(model.data.documentdb.secretName)})`;
      default:
        return `${code(set.secretName!)}, created by the application stack`;
    }
  };
  return [
    '| set | secret | files | mounted by (account) |',
    '|---|---|---|---|',
    ...app.secretSets.map((set) => `| ${set.name} | ${source(set)} | ${[set.name, ...set.keys].map((f) => code(`/mnt/secrets/${set.name}/${f}`)).join('<br>')} | ${set.mountedBy.join(', ')} (${accountsMounting(app, set).join(', ')}) |`),
  ];
}

export function applicationDoc(models: readonly PlatformModel[]): string {
  const first = models[0];
  const parts = [
    '# Application layer',
    '',
    GENERATED,
    '',
    'The AosCloud application runs on the platform through `charts/application`, a golden-path Helm chart',
    'this repository owns. The `<project>-<env>-application` stack holds the seven application roles of',
    'SPEC section 7 with their service accounts in the `<env>` namespace, the application\'s own secrets,',
    'the `efs` StorageClass on the data stack\'s file system, and, once a version is given, the release of',
    'that chart (installed from a CDK asset, no chart repository). It deploys after the data stack, whose',
    'endpoints, secret ARNs, file system and EFS volume handle it reads as outputs, and, with a version,',
    'after the charts stack too (secondary phase, RabbitMQ operator, secrets CSI driver, block',
    'StorageClasses); without one it needs nothing of the charts and deploys beside them.',
    '',
    '## Deploying a version',
    '',
    'The image tag comes from `application.version` or `-c appVersion=<tag>` and must not be able to move:',
    'a git commit SHA (7-40 lowercase hex), a semantic version (`1.4.2`, `v2.0.0-rc.1`) or a digest',
    '(`sha256:<64 hex>`). `latest`, branch names and other mutable-looking tags are refused with the field',
    'path. The ECR repositories are immutable as well. Without a version the stack still deploys the',
    'roles, the namespace and the secrets, and the summary says the application is not deployed yet.',
    '',
    '```sh',
    'npm start -- -c env=prod -c appVersion=3f2c1a9          # synthesize and check with the release',
    `npx cdk deploy ${first.project}-prod-application -c env=prod -c appVersion=3f2c1a9   # the layer alone, once the infrastructure exists`,
    '```',
    '',
    '## What the chart enforces',
    '',
    '- Pods: `runAsNonRoot`, a non-root uid/gid, `RuntimeDefault` seccomp, no service account token',
    '  (IRSA and Pod Identity inject their own), no service links.',
    '- Containers: no privilege escalation, read-only root filesystem, every capability dropped,',
    '  requests and limits, startup, liveness and readiness probes; writable paths are `emptyDir` volumes',
    '  (`/tmp` by default, `writablePaths` to add).',
    '- Two or more replicas (fixed or the autoscaler\'s minimum) add a PodDisruptionBudget',
    '  (`maxUnavailable: 1`); every workload spreads over zones and nodes; `autoscaling` renders an',
    '  `autoscaling/v2` HorizontalPodAutoscaler on CPU and memory.',
    '- A service with `persistence` becomes a StatefulSet with a volume claim template.',
    '- The namespace enforces Pod Security `restricted` and is enrolled in the ambient mesh;',
    '  PeerAuthentication requires mTLS (STRICT).',
    '- NetworkPolicies deny all ingress and egress, then allow only: DNS to kube-dns, the kubelet\'s',
    '  probes (ztunnel SNATs them to 169.254.7.127), each declared call between services (on its port and',
    '  on HBONE 15008, the port ambient traffic travels on), the ingress gateway to public services, the',
    '  data services\' ports on the private subnets to their users, RabbitMQ and InfluxDB in the namespace',
    '  to theirs, and HTTPS to AWS APIs (the VPC\'s interface endpoints, and public addresses for S3',
    '  through its gateway endpoint, which a NetworkPolicy cannot tell apart from the internet). The VPC',
    '  CNI add-on runs with `enableNetworkPolicy` so the policies are enforced.',
    '- `values.schema.json` rejects unknown keys, missing requests or limits, privilege escalation,',
    '  `:latest` images and replicas together with autoscaling at `helm template` time.',
    '',
    'A service overrides a default only by naming it: `podSecurityContext`, `containerSecurityContext`',
    '(the schema still refuses privileged containers and escalation), `writablePaths`, `command`, `args`,',
    '`env`. The environment file reaches the sizes (`application.services.<name>`: `replicas` or',
    '`autoscaling`, `resources`, `public`, `env`, `image`, `serviceAccount`, `enabled`).',
    '',
    '## Adding a service',
    '',
    '1. Add its image to `registry.images` (the data stack creates its ECR repository).',
    '2. Add an entry to `src/application/catalog.ts`: image, service account (one of the identity',
    '   catalog\'s `sa-*` accounts; the chart never creates accounts), port, probes, the services it',
    '   calls (`talksTo`), the data services it uses (`uses`), an optional public path.',
    '3. Size it per environment under `application.services.<name>`; validation reports an unknown',
    '   service, an image missing from `registry.images`, an account outside the catalog, min above max,',
    '   limits below requests, a public route on a service without a port, a route that shadows another,',
    '   an application secret named like one the platform mounts, or autoscaling without metrics-server,',
    '   each with its field path.',
    '4. `npm test` renders the chart with it, validates every object and evaluates the network policies;',
    '   `npm run docs` updates this page.',
    '',
    'The golden-path contract of an image: it serves `/healthz/live` and `/healthz/ready` on its port (or',
    'ships `/app/healthcheck live|ready` when it has none), writes only under its writable paths, reads',
    'credentials from files under `/mnt/secrets/<set>/`, and uses TLS to every data service',
    '(`DATABASE_SSLMODE=verify-full`, `REDIS_TLS`, `MONGODB_TLS`; DocumentDB needs the RDS CA bundle).',
    '',
    '## Public routes and TLS',
    '',
    'Public services enter through the platform\'s Istio ingress gateway, behind an internet-facing NLB',
    'that passes TCP with PROXY protocol v2 to the gateway pods. The chart renders one `Gateway` with an',
    'HTTPS server on 443 for `application.hosts` (TLS 1.2 or later, the certificate named by',
    '`credentialName`) and an HTTP server on 80 that answers every request with a redirect to HTTPS,',
    'and one `VirtualService` per public service. A route matches its path on a segment boundary: `/api`',
    'takes `/api` and `/api/...`, never `/apifoo` (an `exact` and a `prefix: /api/` match). Validation',
    'refuses two routes where one lies under the other (`/api` and `/api/v2`, or the echo server\'s',
    '`/echo`): Istio merges the routes of every VirtualService of a host into one list whose order across',
    'VirtualServices nobody sets.',
    '',
    'cert-manager keeps the certificate as the Secret `<project>-<env>-public-tls` in `istio-system`',
    '(Istio resolves `credentialName` in the namespace of the gateway pods, not of the Gateway). Who',
    'signs it is `application.tls.issuer`:',
    '',
    '| issuer | certificate | needs |',
    '|---|---|---|',
    '| `private-ca` (default, dev) | signed by a root of the cluster\'s own (`<project>-<env>-public-root` in `istio-system`, five years, generated by cert-manager) | nothing; clients trust the root: `kubectl -n istio-system get secret <project>-<env>-public-root -o jsonpath=\'{.data.ca\\.crt}\' \\| base64 -d` |',
    '| `letsencrypt` | Let\'s Encrypt, by DNS-01 | `identity.route53ZoneId`: the hosted zone of the hosts; real host names |',
    '| `letsencrypt-staging` | Let\'s Encrypt\'s staging CA (untrusted; its rate limits are far higher) | the same |',
    '',
    'With Let\'s Encrypt, a ClusterIssuer `public-gateway-acme` writes the `_acme-challenge` TXT records',
    'into the zone with the cert-manager controller\'s own role (`<cluster>-cert-manager`): exactly the',
    'policy of cert-manager\'s Route 53 guide, limited to that zone and to TXT records, without',
    '`ListHostedZonesByName` since the issuer names the zone. cert-manager lends its controller\'s',
    'credentials to ClusterIssuers only, so an Issuer created in an application namespace cannot use the',
    'role, and the solver is selected by the certificate\'s exact names. `application.tls.email` sets',
    'the ACME account\'s contact. `*` (any host, the default) answers every name; no certificate can',
    'carry it, so the private CA signs `<env>.<project>.internal` instead and clients skip the name',
    'check. It is refused with Let\'s Encrypt and wherever data is retained (`data.removalPolicy:',
    'retain`, like prod), which must also state its issuer. Every host must be a name in the zone:',
    'Route 53 refuses a record outside it, and cert-manager reports that on the Challenge',
    '(`kubectl get challenges -A`).',
    '',
    '## Secrets: how they reach a pod',
    '',
    'Credentials are never chart values. Each secret set is a `SecretProviderClass`',
    '(`secrets-store.csi.x-k8s.io/v1`, provider `aws`, `usePodIdentity` following the identity mode); the',
    'pod mounts it read-only through the Secrets Store CSI driver, which fetches the secret with the',
    'pod\'s own IAM role (IRSA or EKS Pod Identity). A role whose catalog entry does not already grant',
    'Secrets Manager access (SPEC\'s "full" roles do) gets `secretsmanager:GetSecretValue` and',
    '`DescribeSecret` (what the AWS provider calls) on exactly the secrets its pods mount, and',
    '`kms:Decrypt` on the data key through Secrets Manager. RabbitMQ\'s credentials are the operator\'s',
    '`rabbitmq-default-user` Secret, generated in the cluster. The chart can also sync a set to a',
    'Kubernetes Secret (`secretProviderClasses[].sync`) for a service that needs environment variables;',
    'the CSI driver must then run with `syncSecret.enabled`, which the platform leaves off, so no shipped',
    'service does.',
    '',
    '## RabbitMQ and InfluxDB2',
    '',
    `- RabbitMQ: a \`RabbitmqCluster\` (rabbitmq.com/v1beta1) run by the \`rabbitmq-cluster-operator\` chart`,
    `  (primary phase), image \`${DEPENDENCY_IMAGES.rabbitmq.repository}:${DEPENDENCY_IMAGES.rabbitmq.tag}\` (the default of the`,
    '  operator 2.16.1 that the chart installs) through the image mirror, persistence on `gp3`, its pod',
    '  template tightened to the restricted level; clients reach it at `rabbitmq.<env>.svc:5672`.',
    `- InfluxDB2 \`${DEPENDENCY_IMAGES.influxdb.tag}\`: a StatefulSet whose claim binds a static PersistentVolume on the EFS`,
    '  access point `/influxdb2` (`<file system>::<access point>` from the data stack, mount options `iam`',
    '  and `tls`, reclaim `Retain`), running as uid/gid 1000 like the access point; its setup password',
    '  and token are application secrets read as files (`*_FILE`). It runs as `sa-data-services`.',
    '',
    '## Allowed traffic',
    '',
    'Each arrow is an allow rule of the rendered NetworkPolicies (test/application-network.test.ts',
    'evaluates them: declared edges pass, undeclared ones fail); dotted arrows apply to every pod.',
    '',
    '```mermaid',
    trafficMermaid(first),
    '```',
  ];
  for (const model of models) {
    parts.push('', `## Services of ${model.envName}`, '', ...serviceTable(model), '');
    const r = model.application.rabbitmq;
    const i = model.application.influxdb;
    parts.push(`RabbitMQ: ${r.replicas} node${r.replicas === 1 ? '' : 's'}, ${r.storageGiB} GiB gp3 each. InfluxDB2: ${i.storageGiB} GiB declared on EFS. Version: ${model.application.version ?? 'none in the file (passed with -c appVersion)'}.`);
    parts.push('', `### Secret sets of ${model.envName}`, '', ...secretTable(model));
  }
  parts.push('', `Services of the catalog: ${SERVICE_CATALOG.map((s) => code(s.name)).join(', ')}.`, '');
  return parts.join('\n');
}
