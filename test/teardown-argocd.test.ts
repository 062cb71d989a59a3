/**
 * The teardown's Argo CD step (src/teardown/argocd-applications.ts) against a fake Kubernetes API
 * with a clock: which Applications, in which order, the propagation policy, the bounded wait and
 * its report, Applications already gone or already being deleted, the dry run. Its real client
 * (src/teardown/kubernetes.ts) is tested against a fake API server on the loopback interface.
 * test/teardown.test.ts runs the step inside the whole teardown.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeEach, describe, it } from 'node:test';
import { validateEnvironment } from '../src/config/load';
import type { PlatformModel } from '../src/config/model';
import { applicationWave, catalogApplications } from '../src/gitops/catalog-applications';
import { RESOURCES_FINALIZER, SYNC_WAVE } from '../src/gitops/argocd-objects';
import { argoCdTeardownWaves, deleteArgoCdApplications, type ArgoApplicationWave } from '../src/teardown/argocd-applications';
import { argoApplications, type ApplicationState, type KubernetesApi, type ObjectRef, type PropagationPolicy } from '../src/teardown/kubernetes';
import { argocd } from './support/gitops';
import { environmentData } from './support/platform';

function model(mode: 'argocd' | 'cloudformation'): PlatformModel {
  const data = environmentData('dev');
  if (mode === 'argocd') argocd(data);
  const loaded = validateEnvironment(data, `dev (${mode})`);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.model;
}
const dev = model('argocd');
const waves = argoCdTeardownWaves(dev);

let clock: number;
let lines: string[];

/** Live Applications; a deleted one goes `goneAfterMs` after its delete (its finalizer at work), or never. */
class FakeArgo implements KubernetesApi {
  readonly calls: string[] = [];
  private readonly apps = new Map<string, { finalizers: string[]; deletedAt?: number; goneAfterMs: number }>();
  readonly failDelete = new Set<string>();

  add(name: string, options: { goneAfterMs?: number; finalizers?: string[]; deleting?: boolean } = {}) {
    this.apps.set(name, { finalizers: options.finalizers ?? [RESOURCES_FINALIZER], goneAfterMs: options.goneAfterMs ?? 30_000, deletedAt: options.deleting ? clock : undefined });
  }
  async getApplication(ref: ObjectRef): Promise<ApplicationState | undefined> {
    this.calls.push(`${clock / 1000}s get ${ref.namespace}/${ref.name}`);
    const app = this.apps.get(ref.name);
    if (!app) return undefined; // the real client's 404
    if (app.deletedAt !== undefined && clock >= app.deletedAt + app.goneAfterMs) {
      this.apps.delete(ref.name);
      return undefined;
    }
    return { finalizers: app.finalizers, deleting: app.deletedAt !== undefined };
  }
  async deleteApplication(ref: ObjectRef, propagationPolicy: PropagationPolicy) {
    if (this.failDelete.has(ref.name)) throw new Error(`applications.argoproj.io "${ref.name}" is forbidden: User cannot delete resource`);
    this.calls.push(`${clock / 1000}s delete ${ref.namespace}/${ref.name} ${propagationPolicy}`);
    const app = this.apps.get(ref.name);
    if (app) app.deletedAt ??= clock;
  }
  private notHere = async (): Promise<never> => {
    throw new Error('not used by the Argo CD step');
  };
  listNodePools = this.notHere;
  deleteNodePool = this.notHere;
  listLoadBalancerServices = this.notHere;
  deleteService = this.notHere;
  listIngresses = this.notHere;
  deleteIngress = this.notHere;
  listPersistentVolumeClaims = this.notHere;
  deletePersistentVolumeClaim = this.notHere;
}

function run(fake: FakeArgo, act: boolean, waitMinutes = 10, w: readonly ArgoApplicationWave[] = waves) {
  return deleteArgoCdApplications(w, async () => fake, {
    act,
    waitMinutes,
    pollSeconds: 15,
    sleep: async (ms) => {
      clock += ms;
    },
    now: () => clock,
    log: (line) => lines.push(line),
  });
}

/** dev's three: the application chart, the ingress gateway (its NLB), the NodePools (Karpenter's nodes). */
function allPresent(options: { goneAfterMs?: number } = {}): FakeArgo {
  const fake = new FakeArgo();
  for (const name of ['aos', 'istio-ingressgateway', 'karpenter-node-pools']) fake.add(name, options);
  return fake;
}

beforeEach(() => {
  clock = 0;
  lines = [];
});

describe('teardown in argocd delivery: which Applications, in which order', () => {
  it('the entries whose charts make AWS resources and the application chart, at the waves they are deployed with, highest first', () => {
    const creating = dev.charts.entries.filter((e) => e.creates.length > 0).map((e) => e.id);
    assert.ok(creating.includes('istio-ingressgateway') && creating.includes('karpenter-node-pools'), creating.join(', '));
    const targets = waves.flatMap((w) => w.applications);
    assert.deepEqual(targets.map((a) => a.name).sort(), [...creating, dev.application.release].sort());
    // The same names, namespace, waves and finalizer as the Applications the charts stack applies.
    const deployed = catalogApplications({ charts: dev.charts, argocd: (dev.chartDelivery as any).argocd, clusterArn: 'arn', vpcId: 'vpc', clusterEndpoint: 'https://x', platformNamespaces: new Set() });
    for (const a of targets.filter((t) => t.name !== dev.application.release)) {
      const app = deployed.get(a.name) as any;
      assert.equal(app.metadata.namespace, a.namespace);
      assert.equal(app.metadata.annotations[SYNC_WAVE], String(a.wave), a.name);
      assert.ok(app.metadata.finalizers.includes(RESOURCES_FINALIZER));
    }
    assert.equal(targets.find((t) => t.name === dev.application.release)!.wave, applicationWave(dev.charts));
    const order = waves.map((w) => w.wave);
    assert.deepEqual(order, [...order].sort((a, b) => b - a), 'highest wave first');
    assert.deepEqual(waves.map((w) => w.applications.map((a) => a.name)), [['aos'], ['istio-ingressgateway'], ['karpenter-node-pools']]);
  });

  it('follows the model\'s waves, not a fixed list: entries of one wave go together', () => {
    const moved = dev.charts.waves.map((w) => w.filter((id) => id !== 'karpenter-node-pools'));
    moved[moved.findIndex((w) => w.includes('istio-ingressgateway'))] = [...moved.find((w) => w.includes('istio-ingressgateway'))!, 'karpenter-node-pools'];
    const shifted = argoCdTeardownWaves({ ...dev, charts: { ...dev.charts, waves: moved } });
    // In catalog order inside the wave.
    assert.deepEqual(shifted.map((w) => [w.wave, w.applications.map((a) => a.name)]), [[5, ['aos']], [3, ['karpenter-node-pools', 'istio-ingressgateway']]]);
    const later = argoCdTeardownWaves({ ...dev, charts: { ...dev.charts, waves: [...dev.charts.waves, ['extra']] } });
    assert.equal(later[0].wave, 6, 'the application chart stays after every catalog wave');
  });

  it('none in cloudformation delivery', () => {
    assert.deepEqual(argoCdTeardownWaves(model('cloudformation')), []);
  });
});

describe('teardown in argocd delivery: deleting', () => {
  it('wave after wave, each deleted with foreground propagation only once the wave above is gone', async () => {
    const fake = allPresent();
    const result = await run(fake, true);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.removed, ['Application argocd/aos', 'Application argocd/istio-ingressgateway', 'Application argocd/karpenter-node-pools']);
    assert.deepEqual(fake.calls, [
      '0s get argocd/aos', '0s delete argocd/aos Foreground', '0s get argocd/aos', '15s get argocd/aos', '30s get argocd/aos',
      '30s get argocd/istio-ingressgateway', '30s delete argocd/istio-ingressgateway Foreground', '30s get argocd/istio-ingressgateway', '45s get argocd/istio-ingressgateway', '60s get argocd/istio-ingressgateway',
      '60s get argocd/karpenter-node-pools', '60s delete argocd/karpenter-node-pools Foreground', '60s get argocd/karpenter-node-pools', '75s get argocd/karpenter-node-pools', '90s get argocd/karpenter-node-pools',
    ]);
    assert.match(lines.join('\n'), /wave 3: Application argocd\/istio-ingressgateway \(load balancers\): deleting \(cascade, foreground propagation\)/);
  });

  it('a wave that does not go: a bounded wait, then a report naming it with the commands that fix it; lower waves are left alone', async () => {
    const fake = allPresent({ goneAfterMs: Number.POSITIVE_INFINITY });
    fake.add('aos'); // goes after 30 s
    const result = await run(fake, true, 2);
    assert.equal(clock, 30_000 + 120_000, 'the application chart\'s 30 s, then exactly the two minutes given to the gateway');
    assert.ok(!fake.calls.some((c) => c.includes('delete argocd/karpenter-node-pools')), 'never deleted out of order');
    assert.equal(result.problems.length, 2, result.problems.join('\n'));
    assert.match(result.problems[0], /^Application argocd\/istio-ingressgateway \(wave 3\): still there after 2 min; /);
    assert.ok(result.problems[0].includes('`kubectl describe application istio-ingressgateway -n argocd`'), result.problems[0]);
    assert.ok(result.problems[0].includes(`\`kubectl patch application istio-ingressgateway -n argocd --type json -p '[{"op":"remove","path":"/metadata/finalizers"}]'\``));
    assert.equal(result.problems[1], 'Application argocd/karpenter-node-pools (wave 2): not deleted, wave 3 is still there; run the teardown again once it is fixed');
    assert.deepEqual(result.removed, ['Application argocd/aos']);
  });

  it('an Application already gone (404) is done: no delete, no wait', async () => {
    const fake = new FakeArgo();
    fake.add('karpenter-node-pools');
    const result = await run(fake, true);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(fake.calls.filter((c) => c.includes('delete')), ['0s delete argocd/karpenter-node-pools Foreground']);
    assert.equal(clock, 30_000, 'waited only for the one that existed');
    assert.match(lines.join('\n'), /wave 5: Application argocd\/aos \(the application chart, last wave: its StatefulSets hold volumes\): absent/);
    assert.match(lines.join('\n'), /wave 3: Application argocd\/istio-ingressgateway \(load balancers\): absent/);
    assert.deepEqual(result.removed, ['Application argocd/karpenter-node-pools']);
  });

  it('an Application already being deleted (a rerun) is waited for, not deleted again', async () => {
    const fake = new FakeArgo();
    fake.add('istio-ingressgateway', { deleting: true });
    const result = await run(fake, true);
    assert.deepEqual(result.problems, []);
    assert.ok(!fake.calls.some((c) => c.includes('delete')), fake.calls.join('\n'));
    assert.match(lines.join('\n'), /istio-ingressgateway \(load balancers\): already being deleted/);
    assert.deepEqual(result.removed, ['Application argocd/istio-ingressgateway']);
  });

  it('an Application without the finalizer is still deleted (self-heal stops), and the log says its objects stay', async () => {
    const fake = new FakeArgo();
    fake.add('istio-ingressgateway', { finalizers: [], goneAfterMs: 0 });
    await run(fake, true);
    assert.ok(fake.calls.includes('0s delete argocd/istio-ingressgateway Foreground'));
    assert.match(lines.join('\n'), /deleting \(no cascade: it lacks resources-finalizer\.argocd\.argoproj\.io, so its objects stay and the next step deletes those that make AWS resources\)/);
  });

  it('a refused delete is reported and stops the lower waves', async () => {
    const fake = allPresent();
    fake.failDelete.add('istio-ingressgateway');
    const result = await run(fake, true);
    assert.deepEqual(result.problems, [
      'Application argocd/istio-ingressgateway: could not delete (applications.argoproj.io "istio-ingressgateway" is forbidden: User cannot delete resource)',
      'Application argocd/karpenter-node-pools (wave 2): not deleted, wave 3 could not be deleted; run the teardown again once it is fixed',
    ]);
    assert.ok(!fake.calls.some((c) => c.includes('delete argocd/karpenter-node-pools')));
  });

  it('an unreachable API: one problem naming every Application', async () => {
    const result = await deleteArgoCdApplications(waves, () => Promise.reject(new Error('connect ETIMEDOUT 10.10.0.5:443')), {
      act: true, waitMinutes: 1, pollSeconds: 15, sleep: async () => {}, now: () => 0, log: (l) => lines.push(l),
    });
    assert.deepEqual(result.problems, ['Argo CD Applications (aos, istio-ingressgateway, karpenter-node-pools): not deleted, the Kubernetes API is unreachable (connect ETIMEDOUT 10.10.0.5:443)']);
  });

  it('dry run: lists every Application in order with its state, and only reads', async () => {
    const fake = allPresent();
    fake.add('aos', { deleting: true });
    const result = await run(fake, false);
    assert.deepEqual(fake.calls, ['0s get argocd/aos', '0s get argocd/istio-ingressgateway', '0s get argocd/karpenter-node-pools']);
    assert.equal(clock, 0, 'no wait');
    assert.deepEqual(lines, [
      '   wave 5: Application argocd/aos (the application chart, last wave: its StatefulSets hold volumes): already being deleted (cascade, foreground propagation)',
      '   wave 3: Application argocd/istio-ingressgateway (load balancers): would delete (cascade, foreground propagation)',
      '   wave 2: Application argocd/karpenter-node-pools (Karpenter nodes): would delete (cascade, foreground propagation)',
    ]);
    assert.deepEqual(result.removed, ['Application argocd/aos', 'Application argocd/istio-ingressgateway', 'Application argocd/karpenter-node-pools']);
  });
});

describe('the Applications through the real client (@kubernetes/client-node) and a fake API server', () => {
  it('reads and deletes argoproj.io/v1alpha1 applications, Foreground as the query asks, 404 as gone', async () => {
    const requests: string[] = [];
    const base = '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications';
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      requests.push(`${req.method} ${req.url}`);
      const name = new URL(req.url!, 'http://x').pathname.slice(base.length + 1);
      const reply = (code: number, body: object) => res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (name === 'istio-ingressgateway') {
        reply(200, { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name, namespace: 'argocd', finalizers: [RESOURCES_FINALIZER], deletionTimestamp: '2026-12-01T10:00:00Z' } });
      } else if (name === 'locked') {
        reply(403, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403 });
      } else {
        reply(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 });
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const k8s = await import('@kubernetes/client-node');
      const config = new k8s.KubeConfig();
      const port = (server.address() as AddressInfo).port;
      config.loadFromOptions({
        clusters: [{ name: 'fake', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
        users: [{ name: 'fake', token: 'fake' }],
        contexts: [{ name: 'fake', cluster: 'fake', user: 'fake' }],
        currentContext: 'fake',
      });
      const api = argoApplications(config.makeApiClient(k8s.CustomObjectsApi));
      assert.deepEqual(await api.getApplication({ namespace: 'argocd', name: 'istio-ingressgateway' }), { finalizers: [RESOURCES_FINALIZER], deleting: true });
      assert.equal(await api.getApplication({ namespace: 'argocd', name: 'aos' }), undefined);
      await api.deleteApplication({ namespace: 'argocd', name: 'istio-ingressgateway' }, 'Foreground');
      await api.deleteApplication({ namespace: 'argocd', name: 'aos' }, 'Foreground'); // 404: already gone
      await assert.rejects(api.getApplication({ namespace: 'argocd', name: 'locked' }), (e: any) => e.code === 403);
      assert.deepEqual(requests, [
        `GET ${base}/istio-ingressgateway`,
        `GET ${base}/aos`,
        `DELETE ${base}/istio-ingressgateway?propagationPolicy=Foreground`,
        `DELETE ${base}/aos?propagationPolicy=Foreground`,
        `GET ${base}/locked`,
      ]);
    } finally {
      server.close();
    }
  });
});
