/**
 * The application chart rendered by the real helm binary with the values the application stack
 * passes (dev and prod, IRSA and Pod Identity). Every rendered object is validated against the
 * Kubernetes 1.35 schemas (kubernetes-models), Istio's CRD schemas (@kubernetes-models/istio) and
 * the upstream CRD schemas of RabbitmqCluster and SecretProviderClass (test/fixtures/crds, with
 * their source).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Stack } from 'aws-cdk-lib';
import { APPLICATION_ACCOUNTS } from '../src/application/rules';
import { applicationSecretArn } from '../src/application/secret-mounts';
import { loadBalancerClassPolicyObjects } from '../src/cluster/load-balancer-class-policy';
import { releaseValues, renderedObjects } from './support/application';
import { admit, serviceRequest } from './support/admission-policy';
import { CHART_DIR, helm, renderChart, valuesFile } from './support/helm';
import { ajv, crdValidators } from './support/crds';
import { chartResources, valuesOf } from './support/charts';
import { evaluate } from './support/intrinsics';
import { ofType, policiesOf, synth, type Synthesized, podIdentity } from './support/platform';

const VERSION = '3f2c1a9';
const variants: Record<string, Synthesized> = {
  'dev irsa': synth('dev', undefined, { appVersion: VERSION }),
  'dev pod-identity': synth('dev', podIdentity, { appVersion: VERSION }),
  'prod irsa': synth('prod', undefined, { appVersion: VERSION }),
};

const read = (s: Synthesized, v: unknown) => evaluate(v, {}, s.producers);
const objectsOf = (name: string) => renderedObjects(name, variants[name]);

/** Whether a validator accepts a value (without narrowing the value's type). */
const passes = (validate: (o: unknown) => boolean, o: unknown): boolean => validate(o);

/** Validators of the CRDs without a published model package, from their committed upstream schemas. */
export const CRD_SCHEMAS = crdValidators(['rabbitmq.com_v1beta1_RabbitmqCluster', 'secrets-store.csi.x-k8s.io_v1_SecretProviderClass']);

async function validateObject(o: any): Promise<void> {
  const key = `${o.apiVersion} ${o.kind}`;
  const crd = CRD_SCHEMAS.get(key);
  if (crd) {
    assert.ok(crd(o), `${key} ${o.metadata.name}: ${ajv.errorsText(crd.errors)}`);
    return;
  }
  const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
  const path = group.endsWith('istio.io') ? `@kubernetes-models/istio/${o.apiVersion}/${o.kind}` : `kubernetes-models/${o.apiVersion}/${o.kind}`;
  const Model = (await import(path))[o.kind];
  assert.ok(Model, `no schema for ${key}`);
  assert.doesNotThrow(() => new Model(o).validate(), `${key} ${o.metadata.name}`);
}

const workloads = (objects: any[]) => objects.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind));

describe('application chart', () => {
  it('passes helm lint --strict with its own defaults and with the values of dev and prod', () => {
    const defaults = helm(['lint', CHART_DIR, '--strict']);
    assert.equal(defaults.status, 0, defaults.stdout + defaults.stderr);
    assert.doesNotMatch(defaults.stdout, /\[(WARNING|ERROR)\]/);
    for (const name of ['dev irsa', 'prod irsa']) {
      const r = helm(['lint', CHART_DIR, '--strict', '--namespace', 'dev', '--values', valuesFile(releaseValues(variants[name]))]);
      assert.equal(r.status, 0, `${name}: ${r.stdout}${r.stderr}`);
      assert.doesNotMatch(r.stdout, /\[(WARNING|ERROR)\]/, name);
    }
  });

  it('fails at render when a value breaks values.schema.json', () => {
    const good = releaseValues(variants['dev irsa']);
    const cases: Array<[string, (v: any) => void, RegExp]> = [
      ['replicas 0', (v) => (v.services[0].replicas = 0), /replicas/],
      ['an unknown key', (v) => (v.services[0].replica = 2), /replica/],
      ['privilege escalation', (v) => (v.services[0].containerSecurityContext = { allowPrivilegeEscalation: true }), /allowPrivilegeEscalation/],
      ['a latest image', (v) => (v.services[0].image = 'nginx:latest'), /image/],
      ['replicas and autoscaling', (v) => (v.services[0].autoscaling = { minReplicas: 2, maxReplicas: 3, cpuUtilization: 70, memoryUtilization: 80 }), /oneOf|autoscaling|replicas/],
      ['no resources', (v) => delete v.services[1].resources, /resources/],
    ];
    for (const [name, patch, expected] of cases) {
      const values = structuredClone(good);
      patch(values);
      const { run } = renderChart(values);
      assert.notEqual(run.status, 0, name);
      assert.match(run.stderr, /values don't meet the specifications of the schema/, name);
      assert.match(run.stderr, expected, name);
    }
  });

  it('renders a service that keeps data as a StatefulSet with a volume claim template', async () => {
    const values = structuredClone(releaseValues(variants['prod irsa']));
    values.services[0] = { ...values.services[0], persistence: { size: '5Gi', storageClassName: 'gp3', mountPath: '/var/lib/api' } };
    const { objects, run } = renderChart(values, 'prod');
    assert.equal(run.status, 0, run.stderr);
    const sts = objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === values.services[0].name);
    assert.deepEqual([sts.spec.serviceName, sts.spec.volumeClaimTemplates[0].spec.storageClassName, sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage], [values.services[0].name, 'gp3', '5Gi']);
    assert.ok(sts.spec.template.spec.containers[0].volumeMounts.some((m: any) => m.name === 'data' && m.mountPath === '/var/lib/api'));
    const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === values.services[0].name);
    assert.equal(hpa.spec.scaleTargetRef.kind, 'StatefulSet');
    assert.equal(objects.filter((o) => o.kind === 'Deployment' && o.metadata.name === values.services[0].name).length, 0);
    await validateObject(sts);
  });

  it('the schema checks can fail: a wrong type, a typo, a missing field, a bad core object', async () => {
    const rmq: any = objectsOf('dev irsa').find((o) => o.kind === 'RabbitmqCluster');
    const rabbit = CRD_SCHEMAS.get('rabbitmq.com/v1beta1 RabbitmqCluster')!;
    assert.ok(passes(rabbit, rmq));
    assert.ok(!passes(rabbit, { ...rmq, spec: { ...rmq.spec, replicas: 'three' } }));
    assert.ok(!passes(rabbit, { ...rmq, spec: { ...rmq.spec, persistance: { storage: '1Gi' } } }), 'an unknown field');
    const spc: any = objectsOf('dev irsa').find((o) => o.kind === 'SecretProviderClass');
    const provider = CRD_SCHEMAS.get('secrets-store.csi.x-k8s.io/v1 SecretProviderClass')!;
    assert.ok(passes(provider, spc));
    assert.ok(!passes(provider, { ...spc, spec: { ...spc.spec, provider: 7 } }));
    assert.ok(!passes(provider, { ...spc, spec: { ...spc.spec, secretObject: [] } }), 'secretObjects misspelt');
    const deployment = objectsOf('dev irsa').find((o) => o.kind === 'Deployment');
    await assert.rejects(validateObject({ ...deployment, spec: { ...deployment.spec, replicas: 'one' } }));
  });

  for (const name of Object.keys(variants)) {
    describe(name, () => {
      const s = variants[name];
      const app = s.model.application;

      it('renders only objects valid for their schemas (Kubernetes 1.35, Istio, RabbitmqCluster, SecretProviderClass)', async () => {
        const objects = objectsOf(name);
        const kinds = new Set(objects.map((o) => `${o.apiVersion} ${o.kind}`));
        for (const k of ['apps/v1 Deployment', 'apps/v1 StatefulSet', 'v1 Service', 'v1 PersistentVolume', 'networking.k8s.io/v1 NetworkPolicy', 'rabbitmq.com/v1beta1 RabbitmqCluster', 'secrets-store.csi.x-k8s.io/v1 SecretProviderClass', 'security.istio.io/v1 PeerAuthentication', 'networking.istio.io/v1 VirtualService', 'networking.istio.io/v1 Gateway']) {
          assert.ok(kinds.has(k), k);
        }
        for (const o of objects) await validateObject(o);
      });

      it('renders only Services the cluster\'s load balancer class policy admits (public routes enter through the gateway)', async () => {
        const [policy] = loadBalancerClassPolicyObjects();
        const services = objectsOf(name).filter((o) => o.kind === 'Service');
        assert.ok(services.length > 0);
        for (const svc of services) {
          const result = await admit(policy, serviceRequest(svc));
          assert.ok(!result.matched || result.allowed, svc.metadata.name);
        }
      });

      it('creates no service account: the identity layer owns them', () => {
        assert.equal(objectsOf(name).filter((o) => o.kind === 'ServiceAccount').length, 0);
      });

      it('gives every workload the restricted security context, requests and limits, probes and writable emptyDirs only', () => {
        for (const w of workloads(objectsOf(name))) {
          const pod = w.spec.template.spec;
          assert.equal(pod.securityContext.runAsNonRoot, true, w.metadata.name);
          assert.equal(pod.securityContext.seccompProfile.type, 'RuntimeDefault', w.metadata.name);
          assert.equal(pod.automountServiceAccountToken, false, w.metadata.name);
          for (const c of pod.containers) {
            const sc = c.securityContext;
            assert.deepEqual([sc.allowPrivilegeEscalation, sc.readOnlyRootFilesystem, sc.capabilities.drop, sc.runAsNonRoot], [false, true, ['ALL'], true], `${w.metadata.name}/${c.name}`);
            for (const k of ['cpu', 'memory']) assert.ok(c.resources.requests[k] && c.resources.limits[k], `${c.name} ${k}`);
            for (const p of ['livenessProbe', 'readinessProbe', 'startupProbe']) assert.ok(c[p], `${c.name} ${p}`);
          }
          for (const v of pod.volumes ?? []) assert.ok(v.emptyDir || v.csi, `${w.metadata.name} volume ${v.name}`);
        }
      });

      it('runs each workload as a catalog account whose role is bound in this identity mode', () => {
        const accounts = ofType(s.templates.application, 'Custom::AWSCDK-EKS-KubernetesResource')
          .flatMap(([, r]) => JSON.parse(read(s, r.Properties.Manifest)))
          .filter((o: any) => o.kind === 'ServiceAccount');
        const associations = ofType(s.templates.application, 'AWS::EKS::PodIdentityAssociation').map(([, a]) => a.Properties);
        for (const w of workloads(objectsOf(name))) {
          const sa = w.spec.template.spec.serviceAccountName;
          assert.ok(APPLICATION_ACCOUNTS.includes(sa), `${w.metadata.name}: ${sa}`);
          const role = s.model.identity.roles.find((r) => r.serviceAccounts.includes(sa))!;
          const [roleId] = ofType(s.templates.application, 'AWS::IAM::Role').find(([, r]) => r.Properties.RoleName === role.roleName)!;
          const account = accounts.find((a: any) => a.metadata.name === sa && a.metadata.namespace === app.namespace);
          assert.ok(account, sa);
          if (s.model.identity.mode === 'irsa') {
            assert.equal(account.metadata.annotations['eks.amazonaws.com/role-arn'], `<${roleId}.Arn>`);
          } else {
            assert.equal(account.metadata.annotations, undefined);
            const assoc = associations.find((a) => a.ServiceAccount === sa && a.Namespace === app.namespace);
            assert.ok(assoc, `${sa} association`);
            assert.deepEqual(assoc.RoleArn, { 'Fn::GetAtt': [roleId, 'Arn'] });
          }
        }
      });

      it('spreads replicated services over zones and nodes with a PodDisruptionBudget, and bounds the autoscalers', () => {
        const objects = objectsOf(name);
        for (const svc of app.services) {
          const w = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === svc.name);
          assert.deepEqual(w.spec.template.spec.topologySpreadConstraints.map((c: any) => c.topologyKey), ['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
          const pdb = objects.find((o) => o.kind === 'PodDisruptionBudget' && o.metadata.name === svc.name);
          assert.equal(Boolean(pdb), svc.replicated, `${svc.name} PDB`);
          if (pdb) assert.deepEqual(pdb.spec.selector.matchLabels, w.spec.selector.matchLabels);
          const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === svc.name);
          if (svc.autoscaling) {
            assert.deepEqual([hpa.spec.minReplicas, hpa.spec.maxReplicas, hpa.spec.scaleTargetRef.name], [svc.autoscaling.minReplicas, svc.autoscaling.maxReplicas, svc.name]);
            assert.deepEqual(hpa.spec.metrics.map((m: any) => [m.resource.name, m.resource.target.averageUtilization]), [['cpu', svc.autoscaling.cpuUtilization], ['memory', svc.autoscaling.memoryUtilization]]);
            assert.equal(w.spec.replicas, undefined, 'the autoscaler owns the count');
          } else {
            assert.equal(hpa, undefined);
            assert.equal(w.spec.replicas, svc.replicas);
          }
        }
        if (name.startsWith('prod')) assert.ok(objects.filter((o) => o.kind === 'PodDisruptionBudget').length >= 9);
      });

      it('names in its SecretProviderClasses exactly the secrets the data stack outputs and the application stack creates', () => {
        const classes = objectsOf(name).filter((o) => o.kind === 'SecretProviderClass');
        const out = (k: string) => read(s, s.templates.data.Outputs[k].Value);
        const appSecret = (n: string) => read(s, { Ref: ofType(s.templates.application, 'AWS::SecretsManager::Secret').find(([, r]) => r.Properties.Name === `aos/${s.model.envName}/${n}`)![0] });
        const expected: Record<string, string> = {
          'aos-aurora': out('AuroraSecretArn'),
          'aos-redis': out('RedisAuthSecretArn'),
          'aos-documentdb': out('DocumentDbSecretArn'),
          'aos-influxdb-admin-password': appSecret('influxdb-admin-password'),
          'aos-influxdb-admin-token': appSecret('influxdb-admin-token'),
          'aos-jwt-signing-key': appSecret('jwt-signing-key'),
        };
        const { parse } = require('yaml') as typeof import('yaml');
        const named: Record<string, string> = {};
        for (const c of classes) {
          assert.equal(c.spec.provider, 'aws');
          assert.equal(c.spec.parameters.usePodIdentity, String(s.model.identity.mode === 'pod-identity'));
          const objects = parse(c.spec.parameters.objects);
          assert.equal(objects.length, 1);
          named[c.metadata.name] = objects[0].objectName;
        }
        assert.deepEqual(named, expected);
        const aurora = parse(classes.find((c) => c.metadata.name === 'aos-aurora').spec.parameters.objects)[0];
        assert.deepEqual(aurora.jmesPath, [{ path: 'username', objectAlias: 'username' }, { path: 'password', objectAlias: 'password' }]);
      });

      it('lets the roles that mount secrets read those and nothing else', () => {
        const policies = policiesOf(s.templates.application);
        for (const role of s.model.identity.roles.filter((r) => ['app', 'sd', 'qm', 'data-services'].includes(r.id))) {
          const [roleId] = ofType(s.templates.application, 'AWS::IAM::Role').find(([, r]) => r.Properties.RoleName === role.roleName)!;
          const statements = policies.filter(([, p]) => p.Properties.Roles.some((r: any) => r.Ref === roleId)).flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
          const secretResources = statements.filter((st: any) => [st.Action].flat().some((a: string) => a.startsWith('secretsmanager:'))).flatMap((st: any) => [st.Resource].flat().map((r: any) => read(s, r)));
          const mounted = app.secretSets.filter((set) => set.mountedBy.some((m) => (m === 'influxdb' ? app.influxdb.serviceAccount : app.services.find((x) => x.name === m)!.serviceAccount) && role.serviceAccounts.includes(m === 'influxdb' ? app.influxdb.serviceAccount : app.services.find((x) => x.name === m)!.serviceAccount)));
          const expected = mounted.map((set) => (set.data ? read(s, Stack.of(s.platform.data).resolve(s.platform.data.resourceArns[set.data])) : applicationSecretArn(s.model.identity.scope, set.secretName!)));
          assert.deepEqual([...new Set(secretResources)].sort(), expected.sort(), role.roleName);
          for (const st of statements.filter((x: any) => [x.Action].flat().some((a: string) => a.startsWith('secretsmanager:')))) {
            assert.deepEqual([st.Action].flat().sort(), ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'], role.roleName);
          }
        }
      });

      it('mounts each service\'s secret sets read-only through the CSI driver', () => {
        for (const svc of app.services) {
          const w = objectsOf(name).find((o) => o.kind === 'Deployment' && o.metadata.name === svc.name);
          const csi = w.spec.template.spec.volumes.filter((v: any) => v.csi).map((v: any) => [v.csi.driver, v.csi.readOnly, v.csi.volumeAttributes.secretProviderClass]);
          assert.deepEqual(csi, svc.secretSets.map((set) => ['secrets-store.csi.k8s.io', true, `aos-${set}`]), svc.name);
        }
      });

      it('sizes RabbitMQ per environment on gp3, with credentials from the operator\'s Secret only', () => {
        const objects = objectsOf(name);
        const rmq = objects.find((o) => o.kind === 'RabbitmqCluster');
        assert.deepEqual([rmq.spec.replicas, rmq.spec.persistence.storageClassName], [app.rabbitmq.replicas, 'gp3']);
        assert.equal(rmq.spec.replicas, name.startsWith('prod') ? 3 : 1);
        assert.match(rmq.spec.image, /docker-hub\/library\/rabbitmq:4\.1\.3-management$/, 'through the image mirror');
        const api = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'api').spec.template.spec.containers[0];
        const password = api.env.find((e: any) => e.name === 'RABBITMQ_PASSWORD');
        assert.deepEqual(password.valueFrom.secretKeyRef, { name: 'rabbitmq-default-user', key: 'password' });
        assert.doesNotMatch(JSON.stringify(releaseValues(s)), /password"\s*:\s*"[^"]/i, 'no credential among the values');
        const override = rmq.spec.override.statefulSet.spec.template.spec;
        assert.equal(override.securityContext.runAsNonRoot, true, 'fits the namespace\'s restricted level');
      });

      it('runs InfluxDB2 on a static EFS volume with the data stack\'s handle, TLS and IAM, as uid/gid 1000', () => {
        const objects = objectsOf(name);
        const pv = objects.find((o) => o.kind === 'PersistentVolume');
        const fs = Stack.of(s.platform.data).getLogicalId(s.platform.data.fileSystem.fileSystem.node.defaultChild as any);
        const ap = Stack.of(s.platform.data).getLogicalId(s.platform.data.fileSystem.influxAccessPoint.node.defaultChild as any);
        assert.equal(pv.spec.csi.volumeHandle, `<${fs}>::<${ap}>`);
        assert.equal(read(s, s.templates.data.Outputs.InfluxDbVolumeHandle.Value), pv.spec.csi.volumeHandle);
        assert.deepEqual([pv.spec.csi.driver, pv.spec.mountOptions, pv.spec.persistentVolumeReclaimPolicy], ['efs.csi.aws.com', ['iam', 'tls'], 'Retain']);
        const sts = objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'influxdb');
        assert.deepEqual(pv.spec.claimRef, { namespace: app.namespace, name: `${sts.spec.volumeClaimTemplates[0].metadata.name}-influxdb-0` });
        const sc = sts.spec.template.spec.securityContext;
        assert.deepEqual([sc.runAsUser, sc.runAsGroup], [1000, 1000]);
        assert.deepEqual(s.model.data.efs.influxAccessPoint, { path: '/influxdb2', uid: 1000, gid: 1000, permissions: '775' });
      });

      it('terminates TLS at the gateway: HTTPS on 443 with the certificate\'s Secret, port 80 redirecting to HTTPS, mTLS inside (issue 23 item 1)', () => {
        const objects = objectsOf(name);
        assert.equal(objects.find((o) => o.kind === 'PeerAuthentication').spec.mtls.mode, 'STRICT');
        const gateways = objects.filter((o) => o.kind === 'Gateway');
        assert.equal(gateways.length, 1);
        const [gateway] = gateways;
        assert.deepEqual(gateway.spec.selector, { istio: 'ingressgateway' });
        assert.deepEqual(gateway.spec.servers, [
          { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: [...app.hosts], tls: { mode: 'SIMPLE', credentialName: app.tls.credentialName, minProtocolVersion: 'TLSV1_2' } },
          { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: [...app.hosts], tls: { httpsRedirect: true } },
        ]);
        // The Secret is the one cert-manager writes, in the namespace of the gateway pods, where Istio
        // resolves credentialName.
        const certificates = JSON.parse(chartResources(s).get('gateway-certificate')!.resource.Properties.Manifest).filter((o: any) => o.kind === 'Certificate' && !o.spec.isCA);
        assert.deepEqual(certificates.map((c: any) => [c.metadata.namespace, c.spec.secretName]), [[s.model.charts.entries.find((e) => e.id === 'istio-ingressgateway')!.namespace, gateway.spec.servers[0].tls.credentialName]]);
        // Each server's port is a port the NLB publishes and sends to the same port on the pods.
        const published = valuesOf(s, 'istio-ingressgateway').service.ports.map((p: any) => [p.port, p.targetPort]);
        for (const server of gateway.spec.servers) assert.ok(published.some(([port, target]: number[]) => port === server.port.number && target === server.port.number), `${server.port.number} in ${JSON.stringify(published)}`);
        assert.deepEqual(published.map(([port]: number[]) => port).sort(), [443, 80]);
      });

      it('routes each public service on a segment boundary: /api and /api/..., never /apifoo', () => {
        const objects = objectsOf(name);
        const gateway = objects.find((o) => o.kind === 'Gateway');
        const routes = objects.filter((o) => o.kind === 'VirtualService');
        assert.deepEqual(
          routes.map((v) => [v.metadata.name, v.spec.hosts, v.spec.gateways, v.spec.http.length, v.spec.http[0].match]),
          app.services.filter((x) => x.publicPath).map((x) => [x.name, [...app.hosts], [gateway.metadata.name], 1, [{ uri: { exact: x.publicPath } }, { uri: { prefix: `${x.publicPath}/` } }]]),
        );
        // Istio's semantics of the rendered match (the entries of one match list are alternatives).
        const reaches = (vs: any, path: string) => vs.spec.http[0].match.some((m: any) => m.uri.exact === path || (m.uri.prefix !== undefined && path.startsWith(m.uri.prefix)));
        const api = routes.find((v) => v.metadata.name === 'api');
        assert.deepEqual(['/api', '/api/', '/api/v1/items', '/apifoo', '/ap', '/auth'].map((p) => reaches(api, p)), [true, true, true, false, false, false]);
      });

      it('passes the data services\' endpoints as configuration, TLS required by every client setting', () => {
        const values = releaseValues(s);
        const out = (k: string) => read(s, s.templates.data.Outputs[k].Value);
        assert.deepEqual([values.dataServices.aurora.host, values.dataServices.redis.host, values.dataServices.documentdb.host], [out('AuroraEndpoint'), out('RedisEndpoint'), out('DocumentDbEndpoint')]);
        const env = (svc: string) => Object.fromEntries(objectsOf(name).find((o) => o.kind === 'Deployment' && o.metadata.name === svc).spec.template.spec.containers[0].env.filter((e: any) => 'value' in e).map((e: any) => [e.name, e.value]));
        assert.deepEqual([env('auth').DATABASE_SSLMODE, env('auth').REDIS_TLS, env('alert-handler').MONGODB_TLS], ['verify-full', 'true', 'true']);
        assert.equal(env('auth').DATABASE_PORT, '5432');
      });
    });
  }
});
