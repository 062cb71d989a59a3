/**
 * The application's network policies, evaluated from the objects helm renders (not from the
 * values): default deny, every declared edge allowed, every undeclared one refused.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderedObjects } from './support/application';
import { egressAllowed, mayConnect, type Cluster, type Endpoint } from './support/network-policy';
import { synth, podIdentity } from './support/platform';

const s = synth('prod', undefined, { appVersion: '1.4.2' });
const app = s.model.application;
const objects = renderedObjects('prod', s);
const cluster: Cluster = { policies: objects.filter((o) => o.kind === 'NetworkPolicy'), namespaces: { prod: { 'istio.io/dataplane-mode': 'ambient' } } };

const ns = app.namespace;
const pod = (name: string): Endpoint => ({ pod: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': app.release }, namespace: ns, ip: '10.20.32.10' });
const rabbitmq: Endpoint = { pod: { 'app.kubernetes.io/name': 'rabbitmq', 'app.kubernetes.io/component': 'rabbitmq', 'app.kubernetes.io/part-of': 'rabbitmq' }, namespace: ns };
const influxdb = pod('influxdb');
const gateway: Endpoint = { pod: { istio: 'ingressgateway', app: 'istio-ingressgateway' }, namespace: 'istio-system' };
const coredns: Endpoint = { pod: { 'k8s-app': 'kube-dns' }, namespace: 'kube-system' };
const otherSystemPod: Endpoint = { pod: { 'k8s-app': 'metrics-server' }, namespace: 'kube-system' };
/** Addresses in the first private subnet (data services), the VPC's endpoint range, and the internet. */
const privateSubnet = s.model.network.subnets[0].privateCidr.split('/')[0].replace(/\.0$/, '.77');
const dataService: Endpoint = { ip: privateSubnet };
const publicSubnet: Endpoint = { ip: s.model.network.subnets[0].publicCidr.split('/')[0].replace(/\.0$/, '.9') };
const internet: Endpoint = { ip: '52.95.110.1' };
const HBONE = 15008;
const PORTS = { aurora: 5432, redis: 6379, documentdb: 27017 } as const;

describe('application network policies (prod, rendered)', () => {
  it('deny everything by default, for a pod of the namespace that no service declares', () => {
    const intruder = pod('intruder');
    const deny = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'default-deny');
    assert.deepEqual(deny.spec, { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    for (const svc of app.services.filter((x) => x.port)) {
      assert.equal(mayConnect(cluster, intruder, pod(svc.name), svc.port!), false, `intruder -> ${svc.name}`);
      assert.equal(mayConnect(cluster, pod(svc.name), intruder, 8080), false, `${svc.name} -> intruder`);
    }
    assert.equal(mayConnect(cluster, intruder, dataService, PORTS.aurora), false);
    assert.equal(mayConnect(cluster, intruder, rabbitmq, 5672), false);
  });

  it('allow every declared service-to-service edge, on its port and HBONE', () => {
    let edges = 0;
    for (const svc of app.services) {
      for (const target of svc.talksTo) {
        const port = app.services.find((x) => x.name === target)!.port!;
        assert.ok(mayConnect(cluster, pod(svc.name), pod(target), port), `${svc.name} -> ${target}:${port}`);
        assert.ok(mayConnect(cluster, pod(svc.name), pod(target), HBONE), `${svc.name} -> ${target} HBONE`);
        edges++;
      }
    }
    assert.ok(edges >= 8);
  });

  it('refuse every undeclared edge between services, on any of their ports', () => {
    for (const a of app.services) {
      for (const b of app.services.filter((x) => x.port && x.name !== a.name && !a.talksTo.includes(x.name))) {
        assert.equal(mayConnect(cluster, pod(a.name), pod(b.name), b.port!), false, `${a.name} -> ${b.name}`);
        assert.equal(mayConnect(cluster, pod(a.name), pod(b.name), HBONE), false, `${a.name} -> ${b.name} HBONE`);
      }
    }
  });

  it('let the ingress gateway reach public services only', () => {
    for (const svc of app.services.filter((x) => x.port)) {
      assert.equal(mayConnect(cluster, gateway, pod(svc.name), svc.port!), Boolean(svc.publicPath), svc.name);
    }
    assert.equal(mayConnect(cluster, { ...gateway, namespace: 'prod' } as Endpoint, pod('api'), 8080), false, 'the gateway label outside istio-system');
  });

  it('open each data service\'s port on the private subnets to its users only', () => {
    for (const svc of app.services) {
      for (const [dep, port] of Object.entries(PORTS)) {
        const uses = svc.uses.includes(dep as keyof typeof PORTS);
        assert.equal(mayConnect(cluster, pod(svc.name), dataService, port), uses, `${svc.name} -> ${dep}`);
        assert.equal(mayConnect(cluster, pod(svc.name), publicSubnet, port), false, `${svc.name} -> ${dep} port outside the private subnets`);
        assert.equal(mayConnect(cluster, pod(svc.name), internet, port), false);
      }
    }
  });

  it('reach RabbitMQ and InfluxDB in the namespace from their users only; RabbitMQ nodes cluster with each other', () => {
    for (const svc of app.services) {
      assert.equal(mayConnect(cluster, pod(svc.name), rabbitmq, 5672), svc.uses.includes('rabbitmq'), `${svc.name} -> rabbitmq`);
      assert.equal(mayConnect(cluster, pod(svc.name), influxdb, 8086), svc.uses.includes('influxdb'), `${svc.name} -> influxdb`);
    }
    for (const port of [4369, 25672]) assert.ok(mayConnect(cluster, rabbitmq, rabbitmq, port), `rabbitmq peers ${port}`);
    assert.equal(mayConnect(cluster, rabbitmq, pod('api'), 8080), false);
    assert.equal(mayConnect(cluster, influxdb, dataService, PORTS.aurora), false, 'InfluxDB calls nothing');
  });

  it('allow DNS to kube-dns only, the kubelet\'s probes through ztunnel, and HTTPS to AWS APIs', () => {
    for (const svc of app.services) {
      assert.ok(mayConnect(cluster, pod(svc.name), coredns, 53, 'UDP'), svc.name);
      assert.ok(mayConnect(cluster, pod(svc.name), coredns, 53, 'TCP'), svc.name);
      assert.equal(mayConnect(cluster, pod(svc.name), otherSystemPod, 53, 'UDP'), false);
      assert.ok(mayConnect(cluster, { ip: '169.254.7.127' }, pod(svc.name), svc.port ?? 8080), `${svc.name} probes`);
      assert.ok(egressAllowed(cluster, pod(svc.name), dataService, 443), `${svc.name} -> interface endpoints`);
      assert.ok(egressAllowed(cluster, pod(svc.name), internet, 443), `${svc.name} -> S3 through the gateway endpoint`);
      assert.equal(egressAllowed(cluster, pod(svc.name), internet, 80), false, `${svc.name} plain HTTP out`);
    }
    assert.equal(mayConnect(cluster, { ip: '10.20.0.5' }, pod('api'), 8080), false, 'a node or VM of the VPC');
  });

  it('let pods reach the Pod Identity agent only in that mode', () => {
    assert.equal(egressAllowed(cluster, pod('api'), { ip: '169.254.170.23' }, 80), false, 'IRSA: no agent');
    const podIdentityProd = synth('prod', podIdentity, { appVersion: '1.4.2' });
    const withAgent: Cluster = { ...cluster, policies: renderedObjects('prod pod-identity', podIdentityProd).filter((o) => o.kind === 'NetworkPolicy') };
    assert.ok(egressAllowed(withAgent, pod('api'), { ip: '169.254.170.23' }, 80));
  });
});
