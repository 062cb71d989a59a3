/**
 * The admission policy that replaces the load balancer controller's Service webhook: its objects
 * against the Kubernetes 1.35 schemas, its CEL evaluated on the requests it must refuse and those it
 * must let through, the Services the platform itself creates, and where the cluster stack applies it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Stack } from 'aws-cdk-lib';
import { NLB_CLASS } from '../src/charts/catalog/aws-load-balancer-controller';
import { LOAD_BALANCER_CLASS_MESSAGE, LOAD_BALANCER_CLASS_POLICY, loadBalancerClassPolicyObjects } from '../src/cluster/load-balancer-class-policy';
import { admit, serviceRequest } from './support/admission-policy';
import { valuesOf } from './support/charts';
import { evaluate } from './support/intrinsics';
import { synth } from './support/platform';

const [policy, binding] = loadBalancerClassPolicyObjects();

function service(spec: Record<string, unknown>, name = 'web'): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'team' }, spec: { ports: [{ port: 80 }], ...spec } };
}
const lb = (extra: Record<string, unknown> = {}) => service({ type: 'LoadBalancer', ...extra });

describe('load balancer class policy: the objects', () => {
  it('are a ValidatingAdmissionPolicy and its binding, valid for Kubernetes 1.35 (admissionregistration.k8s.io/v1)', async () => {
    // The models' types come without the validate() every model has at run time (as in manifests.test.ts).
    const ValidatingAdmissionPolicy: any = (await import('kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy')).ValidatingAdmissionPolicy;
    const ValidatingAdmissionPolicyBinding: any = (await import('kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding')).ValidatingAdmissionPolicyBinding;
    assert.doesNotThrow(() => new ValidatingAdmissionPolicy(policy as any).validate());
    assert.doesNotThrow(() => new ValidatingAdmissionPolicyBinding(binding as any).validate());
    // The schemas can fail: an action the API does not know.
    assert.throws(() => new ValidatingAdmissionPolicyBinding({ ...binding, spec: { policyName: 'x', validationActions: 7 } } as any).validate());
  });

  it('binds the policy cluster-wide with Deny, fails closed on an expression error, and matches Services on CREATE and UPDATE only', () => {
    const spec = (policy as any).spec;
    assert.deepEqual((binding as any).spec, { policyName: LOAD_BALANCER_CLASS_POLICY, validationActions: ['Deny'] });
    assert.equal(spec.failurePolicy, 'Fail');
    assert.deepEqual(spec.matchConstraints.resourceRules, [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['services'] }]);
    assert.equal(spec.paramKind, undefined);
  });
});

describe('load balancer class policy: its CEL (evaluated with @marcbachmann/cel-js)', () => {
  it('refuses a LoadBalancer Service without the NLB class, with a message that names the fix', async () => {
    const result = await admit(policy, serviceRequest(lb()));
    assert.deepEqual(result, { matched: true, allowed: false, message: LOAD_BALANCER_CLASS_MESSAGE });
    assert.match(LOAD_BALANCER_CLASS_MESSAGE, /must set spec\.loadBalancerClass: service\.k8s\.aws\/nlb/);
  });

  it('refuses another class (an empty one, a class no controller of the platform runs)', async () => {
    for (const loadBalancerClass of ['', 'example.com/other', 'service.k8s.aws/alb']) {
      assert.deepEqual(await admit(policy, serviceRequest(lb({ loadBalancerClass }))), { matched: true, allowed: false, message: LOAD_BALANCER_CLASS_MESSAGE }, loadBalancerClass);
    }
  });

  it('admits a LoadBalancer Service that names the NLB class', async () => {
    assert.deepEqual(await admit(policy, serviceRequest(lb({ loadBalancerClass: NLB_CLASS }))), { matched: true, allowed: true });
  });

  it('refuses a Service changed into a LoadBalancer without the class (which the chart\'s CREATE-only mutator never covered)', async () => {
    const result = await admit(policy, serviceRequest(lb(), service({ type: 'ClusterIP' })));
    assert.equal(result.matched && result.allowed, false);
    assert.deepEqual(await admit(policy, serviceRequest(lb({ loadBalancerClass: NLB_CLASS }), service({ type: 'NodePort' }))), { matched: true, allowed: true });
  });

  it('leaves a Service that already is a LoadBalancer alone on update (its class is immutable; the cloud provider must still remove its finalizer)', async () => {
    const legacy = lb();
    const finalized = { ...legacy, metadata: { ...(legacy.metadata as object), finalizers: [] } };
    assert.deepEqual(await admit(policy, serviceRequest(finalized, legacy)), { matched: false });
  });

  it('does not apply to other Service types, to deletes or to other resources', async () => {
    for (const type of ['ClusterIP', 'NodePort', 'ExternalName']) assert.deepEqual(await admit(policy, serviceRequest(service({ type }))), { matched: false }, type);
    assert.deepEqual(await admit(policy, { ...serviceRequest(lb()), operation: 'DELETE' }), { matched: false });
    assert.deepEqual(await admit(policy, { ...serviceRequest(lb()), resource: 'endpoints' }), { matched: false });
  });

  it('admits every Service the platform creates: the gateway\'s and the Services among the catalog\'s objects', async () => {
    for (const s of [synth('dev'), synth('prod')]) {
      const gateway = valuesOf(s, 'istio-ingressgateway').service;
      assert.equal(gateway.type, 'LoadBalancer');
      assert.deepEqual(await admit(policy, serviceRequest(service({ type: gateway.type, loadBalancerClass: gateway.loadBalancerClass }, 'istio-ingressgateway'))), { matched: true, allowed: true });
      const services = s.model.charts.entries.flatMap((e) => (e.manifests ?? []).filter((o: any) => o.kind === 'Service'));
      for (const svc of services) {
        const result = await admit(policy, serviceRequest(svc as Record<string, unknown>));
        assert.ok(!result.matched || result.allowed, (svc as any).metadata.name);
      }
    }
  });
});

describe('load balancer class policy: where it is applied', () => {
  it('the cluster stack applies exactly these objects, so they exist before the charts stack starts', () => {
    for (const s of [synth('dev'), synth('prod')]) {
      const construct = s.platform.cluster.loadBalancerClassPolicy ?? assert.fail('no policy');
      const cfn = construct.manifest.node.findChild('Resource').node.defaultChild as any;
      const resource = s.templates.cluster.Resources[Stack.of(cfn).getLogicalId(cfn)];
      assert.deepEqual(JSON.parse(evaluate(resource.Properties.Manifest, {})).map((o: any) => o.kind), ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']);
      assert.ok(s.platform.charts.dependencies.includes(s.platform.cluster));
    }
  });

  it('is absent while the load balancer controller is off: no controller would serve the class it requires', () => {
    const off = synth('dev', (d) => {
      d.charts = { ...d.charts, 'aws-load-balancer-controller': { enabled: false }, 'istio-ingressgateway': { enabled: false }, 'alb-ingress-group': { enabled: false }, 'echo-server': { enabled: false } };
      // The application's public routes need the gateway, and so its NLB.
      delete d.application;
    });
    assert.equal(off.platform.cluster.loadBalancerClassPolicy, undefined);
    assert.ok(!JSON.stringify(off.templates.cluster).includes(LOAD_BALANCER_CLASS_POLICY));
  });
});
