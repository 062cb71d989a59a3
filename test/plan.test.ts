/** The chart graph's checks, waves and the plan as printed (npm run plan). */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { CHART_CATALOG } from '../src/charts/catalog';
import { loadEnvironment } from '../src/config/load';
import { deploymentWaves, graphProblems, type GraphNode } from '../src/plan/graph';
import { planDoc } from '../src/plan/plan-report';

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
    assert.deepEqual(loaded.model.charts.waves[0].includes('prometheus'), true);
  });
});

describe('npm run plan', () => {
  it('prints the phases in order with versions, namespaces and dependencies, and writes the graph', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'bin/plan.ts', '-c', 'env=prod'], { cwd: ROOT, encoding: 'utf8' });
    const phases = ['1. Primary', '2. Secondary', '3. Application', '4. Independent'].map((p) => out.indexOf(p));
    assert.ok(phases.every((i, n) => i >= 0 && (n === 0 || i > phases[n - 1])), out);
    assert.match(out, /istiod\s+istiod 1\.30\.5\s+istio-system\s+after istio-base/);
    assert.match(out, /prometheus\s+prometheus 23\.1\.0\s+monitoring/);
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
