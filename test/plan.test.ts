/** The chart graph's checks, waves and the plan as printed (npm run plan). */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { CHART_CATALOG } from '../src/charts/catalog';
import { loadEnvironment } from '../src/config/load';
import { deploymentWaves, effectiveDependencies, graphProblems, type GraphNode } from '../src/plan/graph';
import { planDoc } from '../src/plan/plan-report';
import { admissionDependencies } from '../src/plan/admission';

const ROOT = resolve(__dirname, '..');

/** A small well-formed catalog that each broken case edits. */
const base: GraphNode[] = [
  { id: 'aws-load-balancer-controller', phase: 'primary' },
  { id: 'mesh-base', phase: 'primary' },
  { id: 'mesh', phase: 'primary', dependsOn: ['mesh-base'] },
  { id: 'gateway', phase: 'secondary', dependsOn: ['aws-load-balancer-controller', 'mesh'], creates: ['load-balancers'] },
  { id: 'app', phase: 'application' },
  { id: 'metrics', phase: 'independent' },
];
const all = (nodes: GraphNode[]) => new Set(nodes.map((n) => n.id));
const edit = (id: string, change: Partial<GraphNode>) => base.map((n) => (n.id === id ? { ...n, ...change } : n));

describe('chart graph validation', () => {
  it('accepts the well-formed catalog and the shipped one', () => {
    assert.deepEqual(graphProblems(base, all(base)), []);
    assert.deepEqual(graphProblems(CHART_CATALOG, all([...CHART_CATALOG])), []);
  });

  const broken: Array<{ name: string; nodes: GraphNode[]; enabled?: Set<string>; expect: Array<[string, RegExp]> }> = [
    {
      name: 'a cycle',
      nodes: edit('mesh-base', { dependsOn: ['mesh'] }),
      expect: [['mesh-base', /part of a dependency cycle: mesh-base -> mesh -> mesh-base/]],
    },
    {
      name: 'a self-dependency',
      nodes: edit('mesh', { dependsOn: ['mesh'] }),
      expect: [['mesh', /dependency cycle: mesh -> mesh/]],
    },
    {
      name: 'a missing dependency',
      nodes: edit('mesh', { dependsOn: ['mesh-bsae'] }),
      expect: [['mesh', /depends on "mesh-bsae", which is not in the chart catalog/]],
    },
    {
      name: 'a disabled dependency',
      nodes: base,
      enabled: new Set(['aws-load-balancer-controller', 'mesh', 'gateway', 'app', 'metrics']),
      expect: [['mesh', /depends on "mesh-base", which is disabled: enable charts\.mesh-base or disable charts\.mesh/]],
    },
    {
      name: 'a primary chart waiting for a secondary one',
      nodes: edit('mesh', { dependsOn: ['mesh-base', 'gateway'] }),
      expect: [
        ['mesh', /\(primary\) depends on "gateway" \(secondary\): a chart may depend only on charts of its own phase or an earlier one/],
        ['mesh', /dependency cycle: mesh -> gateway -> mesh/],
      ],
    },
    {
      name: 'the chain waiting for an independent chart',
      nodes: edit('app', { dependsOn: ['metrics'] }),
      expect: [['app', /depends on "metrics", which is independent of the primary\/secondary chain/]],
    },
    {
      name: 'an independent chart waiting for the chain',
      nodes: edit('metrics', { dependsOn: ['mesh'] }),
      expect: [['metrics', /is independent of the primary\/secondary chain, so it cannot wait for "mesh" \(primary\)/]],
    },
    {
      name: 'a load balancer maker that does not wait for the controller',
      nodes: edit('gateway', { dependsOn: ['mesh'] }),
      expect: [['gateway', /makes AWS load balancers, so it must depend on "aws-load-balancer-controller"/]],
    },
    {
      name: 'NodePools that do not wait for Karpenter (it would be deleted first and leave their nodes running)',
      nodes: [...base, { id: 'karpenter', phase: 'primary' }, { id: 'pools', phase: 'primary', creates: ['nodes'] }],
      expect: [['pools', /makes EC2 nodes, so it must depend on "karpenter" \(which deletes them when it is removed\)/]],
    },
    {
      name: 'NodePools whose Karpenter is disabled',
      nodes: [...base, { id: 'karpenter', phase: 'primary' }, { id: 'pools', phase: 'primary', dependsOn: ['karpenter'], creates: ['nodes'] }],
      enabled: new Set([...all(base), 'pools']),
      expect: [
        ['pools', /depends on "karpenter", which is disabled/],
        ['pools', /makes EC2 nodes, so it must depend on "karpenter"/],
      ],
    },
    {
      name: 'an unknown phase',
      nodes: edit('app', { phase: 'tertiary' as never }),
      expect: [['app', /unknown phase "tertiary"/]],
    },
  ];
  for (const c of broken) {
    it(`rejects ${c.name}`, () => {
      const found = graphProblems(c.nodes, c.enabled ?? all(c.nodes));
      assert.equal(found.length, c.expect.length, JSON.stringify(found));
      for (const [id, message] of c.expect) assert.ok(found.some((p) => p.id === id && message.test(p.message)), `${id} ${message}: ${JSON.stringify(found)}`);
    });
  }
});

describe('admission webhooks in the chart graph (issue 19, item 1)', () => {
  /**
   * A gate that admits Services (as the load balancer controller's Service mutator did until the
   * platform replaced it with an admission policy); the mesh, the gateway, the app and metrics create them.
   */
  const gated: GraphNode[] = [
    { id: 'aws-load-balancer-controller', phase: 'primary', admits: ['Service', 'IngressClassParams'] },
    { id: 'mesh-base', phase: 'primary' },
    { id: 'mesh', phase: 'primary', dependsOn: ['mesh-base'], applies: ['Service'] },
    { id: 'gateway', phase: 'secondary', dependsOn: ['aws-load-balancer-controller', 'mesh'], creates: ['load-balancers'], applies: ['Service'] },
    { id: 'app', phase: 'application', applies: ['Service'] },
    { id: 'metrics', phase: 'independent', applies: ['Service'] },
  ];
  const edited = (id: string, change: Partial<GraphNode>) => gated.map((n) => (n.id === id ? { ...n, ...change } : n));
  const rejects = (nodes: GraphNode[], id: string, message: RegExp, enabled = all(nodes)) => {
    const found = graphProblems(nodes, enabled);
    assert.ok(found.some((p) => p.id === id && message.test(p.message)), JSON.stringify(found));
  };

  it('orders every Service-creating entry after the webhook, independent ones included', () => {
    assert.deepEqual(graphProblems(gated, all(gated)), []);
    const deps = effectiveDependencies(gated);
    for (const id of ['mesh', 'gateway', 'app', 'metrics']) assert.ok(deps.get(id)!.includes('aws-load-balancer-controller'), id);
    assert.ok(!deps.get('mesh-base')!.includes('aws-load-balancer-controller'), 'what creates no Service does not wait');
    const waves = deploymentWaves(gated);
    const wave = (id: string) => waves.findIndex((w) => w.includes(id));
    for (const id of ['mesh', 'gateway', 'app', 'metrics']) assert.ok(wave(id) > wave('aws-load-balancer-controller'), id);
    assert.equal(wave('mesh-base'), 0, 'entries without Services still start at once');
  });

  it('drops the edges when the webhook is off, so the controller can be turned off', () => {
    const enabled = new Set(['mesh-base', 'mesh', 'app', 'metrics']);
    assert.deepEqual(graphProblems(gated, enabled), []);
    assert.deepEqual(effectiveDependencies(gated.filter((n) => enabled.has(n.id))).get('metrics'), []);
  });

  it('rejects a Service-creating entry that could start before the webhook: the webhook in a later phase', () => {
    const late = edited('aws-load-balancer-controller', { phase: 'secondary' });
    rejects(late, 'mesh', /creates Service objects, which the admission webhook of "aws-load-balancer-controller" \(failurePolicy Fail\) must admit, so it must install after that webhook serves, but "aws-load-balancer-controller" installs in a later phase \(secondary\)/);
    rejects(late, 'metrics', /installs in the secondary phase/);
  });

  it('rejects a webhook that waits for an entry whose Services it must admit (a cycle)', () => {
    rejects(edited('aws-load-balancer-controller', { dependsOn: ['mesh'] }), 'aws-load-balancer-controller', /dependency cycle: aws-load-balancer-controller -> mesh -> aws-load-balancer-controller/);
  });

  it('rejects a webhook in the independent phase that the chain would have to wait for', () => {
    rejects(edited('aws-load-balancer-controller', { phase: 'independent' }), 'mesh', /"aws-load-balancer-controller" is independent of the chain/);
  });

  it('rejects a gate that would hold an independent entry back behind the chain', () => {
    rejects(edited('aws-load-balancer-controller', { dependsOn: ['mesh-base'] }), 'aws-load-balancer-controller', /admission gate that independent entries wait for, so it may depend only on other gates; its dependency on "mesh-base"/);
  });

  it('the shipped catalog declares what each entry creates; with the Service webhook off, only what the controller still admits waits for it', () => {
    assert.deepEqual(graphProblems(CHART_CATALOG, all([...CHART_CATALOG])), []);
    const active = [...CHART_CATALOG];
    // Rendered at their tags: these charts create Services (helm template with the catalog's values).
    const services = CHART_CATALOG.filter((e) => e.applies.includes('Service')).map((e) => e.id).sort();
    for (const id of ['cert-manager', 'cluster-autoscaler', 'external-dns', 'external-secrets', 'istiod', 'karpenter', 'metrics-server', 'prometheus']) assert.ok(services.includes(id), id);
    // No gate admits Services, so creating one waits for nothing.
    assert.deepEqual(CHART_CATALOG.filter((e) => e.admits?.includes('Service')).map((e) => e.id), []);
    const gatedByController = CHART_CATALOG.filter((e) => admissionDependencies(e, active).includes('aws-load-balancer-controller')).map((e) => e.id);
    assert.deepEqual(gatedByController, ['alb-ingress-group'], 'IngressClassParams: its validating webhook stays fail-closed');
  });
});

describe('deployment waves', () => {
  it('orders the well-formed catalog by phase and declared edges', () => {
    assert.deepEqual(deploymentWaves(base), [['aws-load-balancer-controller', 'mesh-base', 'metrics'], ['mesh'], ['gateway'], ['app']]);
  });

  it('refuses to order a graph with a cycle (validation runs first; this is the last guard)', () => {
    assert.throws(() => deploymentWaves(edit('mesh-base', { dependsOn: ['mesh'] })), /chart graph has a cycle among mesh-base, mesh/);
  });

  it('puts every dev entry after all of its dependencies', () => {
    const loaded = loadEnvironment({ env: 'dev' });
    assert.ok(loaded.ok);
    if (!loaded.ok) return;
    const wave = new Map(loaded.model.charts.waves.flatMap((w, i) => w.map((id) => [id, i] as const)));
    assert.equal(wave.size, loaded.model.charts.entries.length);
    for (const e of loaded.model.charts.entries) for (const d of e.after) assert.ok(wave.get(d)! < wave.get(e.id)!, `${d} before ${e.id}`);
    // Prometheus waits for no chart: it starts in the first wave, beside the controller.
    assert.deepEqual(loaded.model.charts.entries.find((e) => e.id === 'prometheus')!.after, []);
    assert.equal(wave.get('prometheus'), 0);
    assert.equal(wave.get('aws-load-balancer-controller'), 0);
  });
});

describe('npm run plan', () => {
  it('prints the phases in order with versions, namespaces and dependencies, and writes the graph', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'bin/plan.ts', '-c', 'env=prod'], { cwd: ROOT, encoding: 'utf8' });
    const phases = ['1. Primary', '2. Secondary', '3. Application', '4. Independent'].map((p) => out.indexOf(p));
    assert.ok(phases.every((i, n) => i >= 0 && (n === 0 || i > phases[n - 1])), out);
    assert.match(out, /istiod\s+istiod 1\.30\.3\s+istio-system\s+after istio-base/);
    assert.match(out, /prometheus\s+prometheus 23\.1\.0\s+monitoring\s+after the StorageClasses \(claims volumes\)\n/);
    assert.match(out, /Mermaid graph written to docs\/plan-prod\.md/);
    // The deploy plan, read from the synthesized templates.
    assert.match(out, /Deploy plan of prod: \d+\.\d modelled minutes, (within|over) the 30-minute target/);
    assert.match(out, /aos-prod-network\s+-\s+\d+\s+\d+\.\d\s+0\.0\s+\d+\.\d/);
    assert.match(out, /Critical path \(\d+\.\d min\)/);
    assert.match(out, /AuroraCluster\s+AWS::RDS::DBCluster/);
    const loaded = loadEnvironment({ env: 'prod' });
    assert.ok(loaded.ok);
    if (loaded.ok) assert.equal(readFileSync(resolve(ROOT, 'docs/plan-prod.md'), 'utf8'), planDoc(loaded.model));
  });

  it('reports a broken environment without a stack trace', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bin/plan.ts', '-c', 'env=nope'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /unknown environment "nope"/);
    assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/);
  });
});
