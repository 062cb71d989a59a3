/**
 * TLS at the public entry point (issue 23 item 1), on the platform side: the cert-manager objects
 * of the `gateway-certificate` entry validated against cert-manager's CRD schemas at v1.21.1
 * (test/fixtures/crds), the DNS-01 role's policy against cert-manager's Route 53 guide, the
 * controller's account, and the order that keeps the objects behind cert-manager's fail-closed
 * webhook. The application chart's Gateway is tested in application.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACME_DIRECTORIES, gatewayTlsObjects, resolveGatewayTls } from '../src/charts/gateway-tls';
import { chartDependsOn, chartResources, valuesOf } from './support/charts';
import { ajv, crdValidators } from './support/crds';
import { evaluate } from './support/intrinsics';
import { ofType, policiesOf, synth, type Synthesized } from './support/platform';

const CERT_MANAGER = crdValidators(['cert-manager.io_v1_Certificate', 'cert-manager.io_v1_Issuer', 'cert-manager.io_v1_ClusterIssuer']);
const prod = synth('prod');
const dev = synth('dev');

const objectsOf = (s: Synthesized): any[] => JSON.parse(chartResources(s).get('gateway-certificate')!.resource.Properties.Manifest);

function assertValid(o: any): void {
  const validate = CERT_MANAGER.get(`${o.apiVersion} ${o.kind}`) ?? assert.fail(`no CRD schema for ${o.apiVersion} ${o.kind}`);
  assert.ok(validate(o), `${o.kind} ${o.metadata.name}: ${ajv.errorsText(validate.errors)}`);
}

describe('the gateway certificate (cert-manager v1.21.1)', () => {
  it('prod: a ClusterIssuer of Let\'s Encrypt solving DNS-01 in the environment\'s zone for exactly the hosts, and the Certificate in istio-system', () => {
    const objects = objectsOf(prod);
    for (const o of objects) assertValid(o);
    assert.deepEqual(objects.map((o) => `${o.kind}/${o.metadata.namespace ?? '-'}/${o.metadata.name}`), ['ClusterIssuer/-/public-gateway-acme', 'Certificate/istio-system/aos-prod-public']);
    const [issuer, certificate] = objects;
    assert.deepEqual(issuer.spec.acme, {
      server: ACME_DIRECTORIES.letsencrypt,
      privateKeySecretRef: { name: 'public-gateway-acme-account-key' },
      solvers: [{ selector: { dnsNames: ['aos.example.com'] }, dns01: { route53: { hostedZoneID: 'Z0PROD0EXAMPLE0ZONE1', region: 'eu-west-1' } } }],
    });
    assert.deepEqual(certificate.spec.dnsNames, prod.model.application.hosts);
    assert.equal(certificate.spec.secretName, prod.model.application.tls.credentialName);
    assert.deepEqual(certificate.spec.issuerRef, { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'public-gateway-acme' });
    assert.equal(certificate.spec.privateKey.rotationPolicy, 'Always');
  });

  it('dev: a private CA in istio-system (a self-signed root, a CA issuer holding it) signs the certificate; nothing is cluster-scoped', () => {
    const objects = objectsOf(dev);
    for (const o of objects) assertValid(o);
    assert.ok(objects.every((o) => o.metadata.namespace === 'istio-system'));
    const byName = new Map(objects.map((o) => [`${o.kind}/${o.metadata.name}`, o]));
    const leaf = byName.get('Certificate/aos-dev-public');
    const ca = byName.get(`Issuer/${leaf.spec.issuerRef.name}`);
    const root = objects.find((o) => o.kind === 'Certificate' && o.spec.secretName === ca.spec.ca.secretName);
    assert.equal(root.spec.isCA, true);
    assert.deepEqual(byName.get(`Issuer/${root.spec.issuerRef.name}`).spec, { selfSigned: {} });
    // dev answers any host (`*`), which no certificate can carry: a name of its own under .internal.
    assert.deepEqual(dev.model.application.hosts, ['*']);
    assert.deepEqual(leaf.spec.dnsNames, ['dev.aos.internal']);
  });

  it('the schema checks can fail: a misspelt field, a wrong enum, a solver with the zone id misspelt', () => {
    const [issuer, certificate] = objectsOf(prod);
    const certificates = CERT_MANAGER.get('cert-manager.io/v1 Certificate')!;
    const issuers = CERT_MANAGER.get('cert-manager.io/v1 ClusterIssuer')!;
    assert.ok(!certificates({ ...certificate, spec: { ...certificate.spec, dnsName: ['x.example.com'] } }));
    assert.ok(!certificates({ ...certificate, spec: { ...certificate.spec, privateKey: { algorithm: 'DSA' } } }));
    const solver = { ...issuer.spec.acme.solvers[0], dns01: { route53: { hostedZoneId: 'Z0PROD0EXAMPLE0ZONE1' } } };
    assert.ok(!issuers({ ...issuer, spec: { acme: { ...issuer.spec.acme, solvers: [solver] } } }));
  });

  it('installs after cert-manager\'s webhook and istio-base, in the primary phase, before the gateway and the application', () => {
    for (const s of [dev, prod]) {
      const entry = s.model.charts.entries.find((e) => e.id === 'gateway-certificate')!;
      assert.equal(entry.phase, 'primary');
      assert.deepEqual(entry.admittedBy, ['cert-manager'], 'its Issuers and Certificates pass cert-manager\'s fail-closed webhook');
      assert.deepEqual(chartDependsOn(s, 'gateway-certificate'), ['cert-manager', 'istio-base']);
      assert.ok(s.model.charts.applicationAfter.includes('gateway-certificate') || s.model.charts.entries.find((e) => e.id === 'istio-ingressgateway')!.after.includes('gateway-certificate'));
    }
  });

  it('an ACME issuer needs the zone: the builder refuses to guess it', () => {
    const tls = resolveGatewayTls({ project: 'aos', envName: 'x', issuer: 'letsencrypt', hosts: ['a.example.com'] });
    assert.throws(() => gatewayTlsObjects(tls, 'eu-west-1'), /identity\.route53ZoneId/);
  });
});

describe('cert-manager\'s DNS-01 workload identity', () => {
  const roleOf = (s: Synthesized) => ofType(s.templates.cluster, 'AWS::IAM::Role').find(([, r]) => r.Properties.RoleName === `${s.model.cluster.name}-cert-manager`);

  it('prod: the Route 53 guide\'s policy, scoped to the zone, without ListHostedZonesByName (the issuer names the zone)', () => {
    const [roleId] = roleOf(prod) ?? assert.fail('no cert-manager role in prod');
    const statements = policiesOf(prod.templates.cluster)
      .filter(([, p]) => p.Properties.Roles.some((r: any) => r.Ref === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement)
      .map((st: any) => ({ ...st, Resource: evaluate(st.Resource, {}) }));
    // cert-manager/website@776e5dba content/docs/configuration/acme/dns01/route53.md, "Set up an IAM Policy".
    assert.deepEqual(statements, [
      { Sid: 'CertManagerGetChange', Effect: 'Allow', Action: 'route53:GetChange', Resource: 'arn:aws:route53:::change/*' },
      {
        Sid: 'CertManagerTxtRecordsInZone',
        Effect: 'Allow',
        Action: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets'],
        Resource: 'arn:aws:route53:::hostedzone/Z0PROD0EXAMPLE0ZONE1',
        Condition: { 'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['TXT'] } },
      },
    ]);
  });

  it('prod: the controller runs as the role\'s account; dev (private CA) has no role and the chart makes its own account', () => {
    assert.deepEqual(valuesOf(prod, 'cert-manager').serviceAccount, { create: false, name: 'cert-manager-dns01' });
    assert.equal(valuesOf(dev, 'cert-manager').serviceAccount, undefined);
    assert.equal(roleOf(dev), undefined);
    assert.equal(dev.model.identity.roles.some((r) => r.id === 'cert-manager-dns01'), false);
  });
});
