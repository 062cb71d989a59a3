/**
 * Every value the catalog sets (after the image mirror, pinned image tags and deploy-time values
 * are applied) is a path its chart defines or reads at the pinned tag, per the committed values
 * index (scripts/chart-values-index.ts); free-form maps are accepted only where the chart takes
 * them whole. Also: each index names the pin's tag, and no pinned chart can render an API the
 * newest catalogued minor no longer serves.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHART_CATALOG } from '../src/charts/catalog';
import { FREE_FORM_PATHS, loadValuesIndex, unknownValuePaths, type ValuesIndex } from '../src/charts/values-index';
import { decodePath } from '../src/charts/values-paths';
import { removedBy } from '../src/compat/api-removals';
import { validateEnvironment } from '../src/config/load';
import type { PlatformModel } from '../src/config/model';
import { CHART_PINS, SUPPORTED_KUBERNETES_VERSIONS } from '../src/config/versions';
import { environmentData, on136, podIdentity } from './support/platform';

function model(name: string, patch?: (d: any) => void): PlatformModel {
  const data = environmentData(name);
  patch?.(data);
  const r = validateEnvironment(data);
  if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.problems)}`);
  return r.model;
}

const VARIANTS: Array<[string, PlatformModel]> = [
  ['dev', model('dev')],
  ['prod', model('prod')],
  ['dev with RabbitMQ, mirror off', model('dev', (d) => Object.assign(d, { charts: { ...d.charts, 'rabbitmq-cluster-operator': { enabled: true } }, imageMirror: { enabled: false } }))],
  ['dev with Pod Identity', model('dev', podIdentity)],
  ['dev on 1.36', model('dev', on136)],
  ['prod with Karpenter, preparing 1.36', model('prod', (d) => ((d.karpenter.enabled = true), (d.cluster.upgradePolicy.prepareFor = '1.36')))],
];

function index(chart: string, version: string): ValuesIndex {
  return loadValuesIndex(chart, version) ?? assert.fail(`no values index for ${chart}@${version}: run npm run chart-index (scripts/chart-values-index.ts)`);
}

describe('values the catalog sets exist in the chart at its tag', () => {
  for (const [name, m] of VARIANTS) {
    it(`${name}: every Helm value path is defined or read by its chart`, () => {
      for (const entry of m.charts.entries) {
        if (!entry.helm) continue;
        const unknown = unknownValuePaths(entry.helm.values, index(entry.helm.chart, entry.helm.version), Object.values(entry.helm.deployTimeValues));
        assert.deepEqual(unknown, [], `${entry.id} ${entry.helm.version} sets paths its chart ignores`);
      }
    });
  }

  it('runs the pins each variant expects', () => {
    const version = (m: PlatformModel, id: string) => m.charts.entries.find((e) => e.id === id)?.helm?.version;
    assert.equal(version(VARIANTS[4][1], 'karpenter'), '1.13.1');
    assert.equal((VARIANTS[4][1].charts.entries.find((e) => e.id === 'cluster-autoscaler')!.helm!.values.image as any).tag, 'v1.36.1');
    assert.equal((VARIANTS[0][1].charts.entries.find((e) => e.id === 'cluster-autoscaler')!.helm!.values.image as any).tag, 'v1.35.2');
    assert.equal(version(VARIANTS[5][1], 'karpenter'), '1.13.1', 'prepareFor moves Karpenter before the control plane');
    assert.equal(version(VARIANTS[0][1], 'karpenter'), '1.11.1');
  });
});

describe('the values check', () => {
  const cni = index('cni', '1.30.3');

  it('fails on a key the chart does not have (istio-cni has no `privileged`)', () => {
    assert.deepEqual(unknownValuePaths({ profile: 'ambient', privileged: true, cniBinDir: '/opt/cni/bin' }, cni), ['privileged']);
    assert.deepEqual(unknownValuePaths({ pilot: { autoscaleMin: 2 } }, index('istiod', '1.30.3')), ['pilot.autoscaleMin'], 'the 1.24+ istiod chart has no pilot: prefix');
    assert.deepEqual(unknownValuePaths({ global: { hub: 'x' } }, index('ztunnel', '1.30.3')), ['global.hub'], 'ztunnel reads only hub');
  });

  it('checks deploy-time paths too', () => {
    assert.deepEqual(unknownValuePaths({}, index('aws-load-balancer-controller', '1.14.1'), ['vpcId', 'vpcIdentifier']), ['vpcIdentifier']);
  });

  it('accepts keys below a free-form map only where the chart takes it whole', () => {
    assert.deepEqual(unknownValuePaths({ seLinuxOptions: { type: 'super_t' }, podAnnotations: { a: 'b' } }, cni), []);
    const fixture: ValuesIndex = { ...cni, defined: ['podLabels', 'resources'], read: ['podLabels.team', 'resources'] };
    assert.deepEqual(unknownValuePaths({ podLabels: { owner: 'x' }, resources: { limits: { cpu: '1' } } }, fixture), ['podLabels.owner']);
  });

  it('lists chart-specific free-form maps that their chart defines', () => {
    for (const f of FREE_FORM_PATHS) {
      const pins = Object.values(CHART_PINS).flatMap((byMinor) => Object.values(byMinor));
      const indexes = pins.map((p) => loadValuesIndex(f.chart, p.version)).filter((i): i is ValuesIndex => !!i);
      assert.ok(indexes.length > 0 && indexes.every((i) => i.defined.includes(f.path)), `${f.chart} ${f.path}`);
    }
  });
});

/** Templates of pinned charts that use an API removed before the catalogued minors, behind a value the catalog must never turn on. */
const GATED_REMOVED_APIS: Record<string, readonly string[]> = {
  'aws-for-fluent-bit': ['rbac.pspEnabled'],
  'cert-manager': ['global.podSecurityPolicy.enabled'],
  'metrics-server': ['rbac.pspEnabled'],
  prometheus: ['podSecurityPolicy.enabled', 'kube-state-metrics.podSecurityPolicy.enabled', 'prometheus-node-exporter.rbac.pspEnabled'],
  'secrets-store-csi-driver-provider-aws': ['secrets-store-csi-driver.rbac.pspEnabled'],
};

describe('pinned charts and the API removals of the catalogued minors', () => {
  const newest = SUPPORTED_KUBERNETES_VERSIONS[SUPPORTED_KUBERNETES_VERSIONS.length - 1];
  const seen = new Map<string, ValuesIndex>();
  for (const [, m] of VARIANTS) for (const e of m.charts.entries) if (e.helm) seen.set(`${e.helm.chart}@${e.helm.version}`, index(e.helm.chart, e.helm.version));

  it(`no literal template API is removed by ${newest}, unless gated by a value the catalog leaves off`, () => {
    for (const [key, idx] of seen) {
      const removed = idx.apiVersions.filter((a) => removedBy(a.split(' ')[0], a.split(' ')[1], newest));
      if (removed.length > 0) assert.ok(GATED_REMOVED_APIS[idx.chart], `${key} renders ${removed.join(', ')}: add its gate to GATED_REMOVED_APIS after reading the template`);
    }
  });

  it('never turns those gates on', () => {
    for (const [name, m] of VARIANTS) {
      for (const e of m.charts.entries) {
        for (const gate of GATED_REMOVED_APIS[e.helm?.chart ?? ''] ?? []) {
          const value = decodePath(gate).reduce((node: any, k) => node?.[k], e.helm!.values);
          assert.ok(value === undefined || value === false, `${name}: ${e.id} sets ${gate}`);
        }
      }
    }
  });

  it('has an index for every pin, naming its tag, path, commit and sub-charts', () => {
    for (const entry of CHART_CATALOG) {
      if (entry.kind !== 'helm') continue;
      for (const pin of Object.values(CHART_PINS[entry.id as keyof typeof CHART_PINS])) {
        const idx = index(entry.chart, pin.version);
        assert.deepEqual([idx.source.repository, idx.source.tag, idx.source.path], [pin.source.repository, pin.source.tag, pin.source.path], `${entry.id} ${pin.version}`);
        assert.match(idx.source.commit ?? '', /^[0-9a-f]{40}$/);
        assert.deepEqual(idx.subcharts.map((s) => `${s.name}@${s.version}`), (pin.subcharts ?? []).map((s) => `${s.name}@${s.version}`));
      }
    }
  });
});
