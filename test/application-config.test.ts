/**
 * The `application` section of the environment file: a table of bad sections, each rejected with
 * its field path; the version rule; what the model resolves for dev and prod; the secrets each
 * application role may read.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadEnvironment, validateEnvironment } from '../src/config/load';
import type { PlatformModel } from '../src/config/model';
import { SERVICE_CATALOG } from '../src/application/catalog';
import { versionKind, versionProblem } from '../src/application/version';
import { environmentData } from './support/platform';

function problems(patch: (d: any) => void, env = 'dev'): string[] {
  const data = environmentData(env);
  patch(data);
  const r = validateEnvironment(data);
  return r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`);
}

const svc = (d: any, name: string) => (d.application.services[name] ??= {});
const tooSmall = { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '250m', memory: '512Mi' } };

describe('application section errors', () => {
  const table: Array<[string, (d: any) => void, RegExp]> = [
    ['an unknown service', (d) => (d.application.services.payments = { replicas: 1 }), /^application\.services\.payments: unknown service "payments"; known services: api, auth/],
    ['an image not in registry.images', (d) => (svc(d, 'api').image = 'apii'), /^application\.services\.api\.image: api runs image "apii", which is not in registry\.images/],
    ['a catalog image removed from registry.images', (d) => (d.registry.images = d.registry.images.filter((i: string) => i !== 'auth')), /^registry\.images: auth runs image "auth", which is not in registry\.images/],
    ['a service account outside the catalog', (d) => (svc(d, 'backend').serviceAccount = 'default'), /^application\.services\.backend\.serviceAccount: "default" is not an application account of the identity catalog; use one of sa-app, sa-task/],
    ['an infrastructure account', (d) => (svc(d, 'backend').serviceAccount = 'external-secrets'), /^application\.services\.backend\.serviceAccount: "external-secrets" is not an application account/],
    ['HPA min above max', (d) => Object.assign(svc(d, 'api'), { replicas: undefined, autoscaling: { minReplicas: 5, maxReplicas: 2 } }), /^application\.services\.api\.autoscaling\.minReplicas: minReplicas 5 is greater than maxReplicas 2/],
    ['replicas and autoscaling together', (d) => Object.assign(svc(d, 'api'), { replicas: 2, autoscaling: { minReplicas: 2, maxReplicas: 4 } }), /^application\.services\.api\.replicas: set either replicas or autoscaling, not both/],
    ['CPU limit below the request', (d) => (svc(d, 'auth').resources = tooSmall), /^application\.services\.auth\.resources\.limits\.cpu: limit 250m is below the request 500m/],
    ['memory limit below the request', (d) => (svc(d, 'auth').resources = tooSmall), /^application\.services\.auth\.resources\.limits\.memory: limit 512Mi is below the request 1Gi/],
    ['RabbitMQ limits below requests', (d) => (d.application.rabbitmq.resources = tooSmall), /^application\.rabbitmq\.resources\.limits\.cpu: limit 250m/],
    ['a public route on a service with no port', (d) => (svc(d, 'secrets-updater').public = { path: '/secrets' }), /^application\.services\.secrets-updater\.public: secrets-updater has no port, so it cannot take a public route/],
    ['two services on one public path', (d) => (svc(d, 'backend').public = { path: '/api' }), /^application\.services\.backend\.public\.path: \/api is already routed to api/],
    // Issue 24 item 7: routes that shadow each other on a segment boundary.
    ['a public path under another service\'s prefix', (d) => (svc(d, 'backend').public = { path: '/api/v2' }), /^application\.services\.backend\.public\.path: \/api\/v2 lies under \/api, which routes to api .*give backend a path outside \/api/],
    ['a prefix that captures another service\'s path', (d) => { svc(d, 'api').public = { path: '/v1' }; svc(d, 'backend').public = { path: '/v1/auth' }; }, /^application\.services\.backend\.public\.path: \/v1\/auth lies under \/v1, which routes to api/],
    ['a public path under the echo server\'s', (d) => (svc(d, 'backend').public = { path: '/echo/items' }), /^application\.services\.backend\.public\.path: \/echo\/items lies under \/echo, which routes to the echo server \(charts\.echo-server\)/],
    ['a public path with a trailing slash', (d) => (svc(d, 'backend').public = { path: '/backend/' }), /^application\.services\.backend\.public\.path: a public path is one or more segments/],
    ['a public path with an empty segment', (d) => (svc(d, 'backend').public = { path: '/a//b' }), /^application\.services\.backend\.public\.path: a public path is one or more segments/],
    // Issue 24 item 7: application secrets named like the platform's (a crash "There is already a Construct" before).
    ...['influxdb-admin-token', 'influxdb-admin-password', 'redis', 'aurora', 'documentdb'].map(
      (name): [string, (d: any) => void, RegExp] => [
        `an application secret named ${name}`,
        (d) => (d.application.secrets[name] = { services: ['api'] }),
        new RegExp(`^application\\.secrets\\.${name}: "${name}" is a secret the platform already mounts .*give the application's secret its own name, such as "${name}-app"`),
      ],
    ),
    // Issue 24 item 7: an HPA with nothing serving the metrics API.
    ['autoscaling while metrics-server is off', (d) => { d.charts['metrics-server'] = { enabled: false }; Object.assign(svc(d, 'api'), { replicas: undefined, autoscaling: { minReplicas: 2, maxReplicas: 4 } }); }, /^application\.services\.api\.autoscaling: the autoscaler reads CPU and memory from metrics-server, which charts\.metrics-server turns off .*set fixed replicas instead, or turn charts\.metrics-server back on/],
    // Issue 23 item 1: TLS at the gateway.
    ['a retaining environment serving any host', (d) => { d.data.removalPolicy = 'retain'; d.application.tls = { issuer: 'private-ca' }; }, /^application\.hosts: an environment that retains its data, like prod, serves real host names: "\*" \(any host, the default\) cannot be on a certificate clients trust; name the hosts/],
    ['a retaining environment that names no issuer', (d) => { d.data.removalPolicy = 'retain'; d.application.hosts = ['app.example.com']; delete d.application.tls; }, /^application\.tls\.issuer: an environment that retains its data, like prod, states who signs the gateway's certificate: "letsencrypt" .* or "private-ca"/],
    ['Let\'s Encrypt for any host', (d) => (d.application.tls = { issuer: 'letsencrypt' }), /^application\.hosts: letsencrypt issues certificates for DNS names only, and "\*" \(any host, the default\) is none; .*or set application\.tls\.issuer to private-ca/],
    ['Let\'s Encrypt for a list with *', (d) => { d.application.tls = { issuer: 'letsencrypt-staging' }; d.application.hosts = ['app.example.com', '*']; }, /^application\.hosts\[1\]: letsencrypt-staging issues certificates for DNS names only/],
    ['Let\'s Encrypt without a hosted zone', (d) => { d.application.tls = { issuer: 'letsencrypt' }; d.application.hosts = ['app.example.com']; delete d.identity.route53ZoneId; }, /^identity\.route53ZoneId: application\.tls\.issuer letsencrypt proves the hosts by DNS-01 records in a Route 53 zone: set the hosted zone that holds app\.example\.com, or set application\.tls\.issuer to private-ca/],
    ['an ACME e-mail on the private CA', (d) => (d.application.tls = { issuer: 'private-ca', email: 'ops@example.com' }), /^application\.tls\.email: only the ACME issuers/],
    ['an unknown issuer', (d) => (d.application.tls = { issuer: 'acm' }), /^application\.tls\.issuer: tls\.issuer must be one of private-ca, letsencrypt, letsencrypt-staging/],
    ['a malformed ACME e-mail', (d) => (d.application.tls = { issuer: 'letsencrypt', email: 'ops' }), /^application\.tls\.email: tls\.email is an e-mail address/],
    ['cert-manager turned off under public routes', (d) => (d.charts['cert-manager'] = { enabled: false }), /^charts\.cert-manager: the application needs cert-manager \(it issues the gateway's certificate\)/],
    ['the gateway certificate turned off under public routes', (d) => (d.charts['gateway-certificate'] = { enabled: false }), /^charts\.gateway-certificate: the application needs gateway-certificate/],
    ['a malformed quantity', (d) => (svc(d, 'api').resources = { requests: { cpu: '1 core', memory: '1G' }, limits: { cpu: '1', memory: '1Gi' } }), /^application\.services\.api\.resources\.requests\.cpu: CPU is millicores/],
    ['an even RabbitMQ cluster', (d) => (d.application.rabbitmq.replicas = 2), /^application\.rabbitmq\.replicas: RabbitMQ replicas must be 1, 3 or 5/],
    ['a disabled service that another calls', (d) => (svc(d, 'auth').enabled = false), /^application\.services\.auth\.enabled: api calls auth, so auth cannot be disabled while api runs/],
    ['a secret mounted by an unknown service', (d) => (d.application.secrets = { 'jwt-key': { services: ['gateway'] } }), /^application\.secrets\.jwt-key\.services\[0\]: unknown service "gateway"/],
    ['an unknown field', (d) => (svc(d, 'api').replica = 2), /^application\.services\.api\.replica: unknown field/],
    ['the RabbitMQ operator turned off', (d) => (d.charts['rabbitmq-cluster-operator'].enabled = false), /^charts\.rabbitmq-cluster-operator: the application needs rabbitmq-cluster-operator \(it runs the RabbitmqCluster the services use\)/],
    ['the secrets CSI driver turned off', (d) => (d.charts['secrets-store-csi-driver'] = { enabled: false }), /^charts\.secrets-store-csi-driver: the application needs secrets-store-csi-driver/],
    ['the version latest', (d) => (d.application.version = 'latest'), /^application\.version: "latest" names a moving target; use a git commit SHA .* \(in the file or with -c appVersion=TAG\)/],
    ['a branch name as version', (d) => (d.application.version = 'feature/login'), /^application\.version: "feature\/login" is not an immutable reference/],
  ];
  for (const [name, patch, expected] of table) {
    it(`rejects ${name}, naming the field`, () => {
      const found = problems(patch);
      assert.ok(found.some((p) => expected.test(p)), `${expected}\nin:\n${found.join('\n')}`);
    });
  }

  it('accepts routes that only share a beginning, a named host with each issuer, and a retaining environment that says private-ca', () => {
    // /apifoo is no segment of /api: the routes match on a segment boundary.
    assert.deepEqual(problems((d) => (svc(d, 'backend').public = { path: '/apifoo' })), []);
    assert.deepEqual(problems((d) => (svc(d, 'backend').public = { path: '/echoes' })), []);
    for (const issuer of ['letsencrypt', 'letsencrypt-staging', 'private-ca']) {
      assert.deepEqual(problems((d) => Object.assign(d.application, { hosts: ['app.example.com', '*.api.example.com'], tls: { issuer } })), [], issuer);
    }
    assert.deepEqual(problems((d) => Object.assign(d.application, { tls: { issuer: 'private-ca' }, hosts: ['internal.example.com'] }), 'prod'), []);
    // Without public routes nothing needs cert-manager or the gateway's certificate.
    const noRoutes = (d: any) => { svc(d, 'api').public = false; svc(d, 'auth').public = false; d.charts['cert-manager'] = { enabled: false }; d.charts['gateway-certificate'] = { enabled: false }; };
    assert.deepEqual(problems(noRoutes), []);
  });

  it('accepts the shipped sections as they are', () => {
    assert.deepEqual(problems(() => undefined, 'dev'), []);
    assert.deepEqual(problems(() => undefined, 'prod'), []);
  });

  it('takes -c appVersion over the file and checks it the same way', () => {
    const good = loadEnvironment({ env: 'prod', appVersion: '3f2c1a9' });
    assert.ok(good.ok && good.model.application.version === '3f2c1a9' && good.model.application.versionKind === 'git-sha');
    const bad = loadEnvironment({ env: 'prod', appVersion: 'main' });
    assert.ok(!bad.ok && bad.problems.some((p) => p.path === 'application.version' && /moving target/.test(p.message)));
  });
});

describe('the version rule', () => {
  it('accepts a git SHA, a semantic version and a digest, and says which', () => {
    assert.equal(versionKind('3f2c1a9'), 'git-sha');
    assert.equal(versionKind('3f2c1a9d4e5b6a7c8d9e0f1a2b3c4d5e6f7a8b9c'), 'git-sha');
    assert.equal(versionKind('1.4.2'), 'semver');
    assert.equal(versionKind('v2.0.0-rc.1+build.7'), 'semver');
    assert.equal(versionKind(`sha256:${'a'.repeat(64)}`), 'digest');
  });

  it('refuses mutable-looking and malformed references', () => {
    for (const v of ['latest', 'LATEST', 'main', 'stable', 'dev', '1.4', 'v1', 'sha256:abc', '3F2C1A9', 'abc12', 'release-2024']) {
      assert.ok(versionProblem(v), v);
    }
  });
});

describe('the application model', () => {
  const model = (env: string, appVersion?: string): PlatformModel => {
    const r = loadEnvironment({ env, appVersion });
    if (!r.ok) throw new Error(`${env} is invalid`);
    return r.model;
  };
  const dev = { model: model('dev', '1.4.2') };
  const prod = { model: model('prod') };

  it('runs every catalog service in dev, small, and highly available in prod', () => {
    assert.deepEqual(dev.model.application.services.map((s) => s.name), SERVICE_CATALOG.map((s) => s.name));
    assert.ok(dev.model.application.services.every((s) => s.replicas === 1 && !s.replicated));
    assert.equal(prod.model.application.version, undefined, 'prod names no version: its pipeline passes one');
    for (const name of ['api', 'auth', 'backend']) {
      const s = prod.model.application.services.find((x) => x.name === name)!;
      assert.deepEqual([s.autoscaling?.minReplicas, s.autoscaling?.maxReplicas, s.replicated], [3, 10, true], name);
    }
    assert.equal(prod.model.application.rabbitmq.replicas, 3);
    assert.equal(dev.model.application.rabbitmq.replicas, 1);
  });

  it('binds each service to the role of SPEC section 7\'s pod table', () => {
    const role = (name: string) => dev.model.application.services.find((s) => s.name === name)!.roleName;
    assert.deepEqual(
      Object.fromEntries(SERVICE_CATALOG.map((s) => [s.name, role(s.name)])),
      {
        api: 'aos-dev-app',
        auth: 'aos-dev-app',
        backend: 'aos-dev-app',
        'service-discovery': 'aos-dev-sd',
        'task-runner': 'aos-dev-task',
        'message-handler': 'aos-dev-task',
        'secrets-updater': 'aos-dev-secrets-manager',
        'units-queues-management': 'aos-dev-qm',
        'data-services': 'aos-dev-data-services',
        'alert-handler': 'aos-dev-base',
      },
    );
  });

  it('gives roles without Secrets Manager rights exactly the secrets their pods mount', () => {
    const roles = dev.model.identity.roles;
    const mount = (id: string) => roles.find((r) => r.id === id)!.statements.find((st) => st.sid === 'MountSecrets');
    assert.deepEqual(mount('app')!.dataResources, ['secret:aurora', 'secret:redis']);
    assert.deepEqual(mount('app')!.actions, ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret']);
    assert.deepEqual(mount('app')!.resources, ['arn:aws:secretsmanager:eu-west-1:111111111111:secret:aos/dev/jwt-signing-key-??????'], 'the secret the file declares for api and auth');
    assert.deepEqual(mount('sd')!.dataResources, ['secret:aurora', 'secret:redis']);
    assert.deepEqual(mount('qm')!.dataResources, ['secret:aurora', 'secret:redis']);
    // data-services and InfluxDB (which runs as sa-data-services): Aurora and InfluxDB's two secrets.
    assert.deepEqual(mount('data-services')!.dataResources, ['secret:aurora']);
    assert.deepEqual(mount('data-services')!.resources, [
      'arn:aws:secretsmanager:eu-west-1:111111111111:secret:aos/dev/influxdb-admin-password-??????',
      'arn:aws:secretsmanager:eu-west-1:111111111111:secret:aos/dev/influxdb-admin-token-??????',
    ]);
    // SPEC's "Secrets Manager (full)" roles already read these: nothing is added.
    for (const id of ['task', 'base', 'secrets-manager']) assert.equal(mount(id), undefined, id);
    const key = roles.find((r) => r.id === 'app')!.statements.find((st) => st.sid === 'MountSecretsKey')!;
    assert.deepEqual([key.actions, key.dataResources, key.conditions], [['kms:Decrypt'], ['key:data'], { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } }]);
  });
});
