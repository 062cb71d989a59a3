/**
 * Every Kubernetes object the platform applies (chart-catalog manifests, StorageClasses, the load balancer class policy and the workload identity
 * service accounts and namespaces; the application chart's objects are checked in application.test.ts), validated against the Kubernetes 1.35 OpenAPI schemas of kubernetes-models,
 * Istio's CRD schemas, Karpenter's v1 API schemas and cert-manager's CRDs at its pin. Objects of CRDs without published models are
 * listed explicitly.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ofType, synth } from './support/platform';
import { ajv, crdValidators } from './support/crds';

/** cert-manager's CRDs at the pinned v1.21.1 (test/fixtures/crds), strict on unknown fields. */
const CERT_MANAGER = crdValidators(['cert-manager.io_v1_Certificate', 'cert-manager.io_v1_Issuer', 'cert-manager.io_v1_ClusterIssuer']);

/** Kinds whose CRDs ship no schema package; their fields are asserted in charts.test.ts. */
const UNMODELLED = new Set(['elbv2.k8s.aws/v1beta1 IngressClassParams', 'external-secrets.io/v1 ClusterSecretStore']);

async function modelOf(apiVersion: string, kind: string): Promise<any> {
  const group = apiVersion.split('/')[0];
  const path = group.endsWith('istio.io')
    ? `@kubernetes-models/istio/${apiVersion}/${kind}`
    : group.startsWith('karpenter.')
      ? `@kubernetes-models/karpenter/${apiVersion}/${kind}`
      : `kubernetes-models/${apiVersion}/${kind}`;
  const mod = await import(path);
  return mod[kind];
}

function appliedObjects(template: any): any[] {
  return ofType(template, 'Custom::AWSCDK-EKS-KubernetesResource').flatMap(([, r]) => {
    const manifest = r.Properties.Manifest;
    // Manifests with deploy-time values (role ARNs) are Fn::Join; the placeholders are strings.
    const text = typeof manifest === 'string' ? manifest : manifest['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p : 'arn:aws:iam::111111111111:role/placeholder')).join('');
    return JSON.parse(text);
  });
}

describe('Kubernetes objects against their schemas', () => {
  for (const env of ['dev', 'prod']) {
    it(`${env}: every applied object is valid for its apiVersion and kind`, async () => {
      const s = synth(env);
      const objects = [...appliedObjects(s.templates.charts), ...appliedObjects(s.templates.cluster), ...appliedObjects(s.templates.application)];
      assert.ok(objects.length > 5);
      const validated = new Set<string>();
      for (const object of objects) {
        const key = `${object.apiVersion} ${object.kind}`;
        if (UNMODELLED.has(key)) continue;
        const crd = CERT_MANAGER.get(key);
        if (crd) {
          assert.ok(crd(object), `${key} ${object.metadata?.name}: ${ajv.errorsText(crd.errors)}`);
          validated.add(key);
          continue;
        }
        const Model = await modelOf(object.apiVersion, object.kind);
        assert.doesNotThrow(() => new Model(object).validate(), `${key} ${object.metadata?.name}`);
        validated.add(key);
      }
      assert.ok(validated.has('v1 ServiceAccount'));
      assert.ok(validated.has('storage.k8s.io/v1 StorageClass'));
      assert.ok(validated.has('admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy') && validated.has('admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBinding'));
      if (env === 'prod') assert.ok(validated.has('cert-manager.io/v1 ClusterIssuer') && validated.has('cert-manager.io/v1 Certificate'));
      if (env === 'dev') {
        for (const kind of [
          'apps/v1 Deployment',
          'v1 Service',
          'networking.istio.io/v1 VirtualService',
          'cert-manager.io/v1 Certificate',
          'cert-manager.io/v1 Issuer',
          'networking.k8s.io/v1 IngressClass',
          'karpenter.sh/v1 NodePool',
          'karpenter.k8s.aws/v1 EC2NodeClass',
        ]) {
          assert.ok(validated.has(kind), kind);
        }
      }
    });
  }

  it('the static EFS volume that the application layer mounts is a valid PersistentVolume', async () => {
    const { efsStaticVolume } = await import('../src/data/efs-mount');
    const PersistentVolume = await modelOf('v1', 'PersistentVolume');
    const pv = efsStaticVolume({ name: 'influxdb2', volumeHandle: 'fs-0123::fsap-0123', capacity: '20Gi', claim: { namespace: 'dev', name: 'influxdb2' } });
    assert.doesNotThrow(() => new PersistentVolume(pv).validate());
  });

  it('the schemas catch a broken object (the check can fail)', async () => {
    const Deployment = await modelOf('apps/v1', 'Deployment');
    const broken = { metadata: { name: 'x' }, spec: { selector: {}, template: { spec: { containers: [{ name: 'x', ports: [{ containerPort: 'http' }] }] } } } };
    assert.throws(() => new Deployment(broken).validate(), /containerPort must be integer/);
  });
});
