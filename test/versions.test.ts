/**
 * The version catalog: every pin traced to a released artifact, every catalogued minor complete
 * (kubectl layer, add-ons, a pin for every chart), the shipped environments on traced releases.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { CHART_CATALOG } from '../src/charts/catalog';
import { CHART_IDS } from '../src/charts/chart-ids';
import { KUBECTL_LAYERS } from '../src/cluster/kubectl-layer';
import { catalogPins, provenanceProblems, type VersionCatalog } from '../src/compat/provenance-audit';
import { ADDON_PINS, CHART_PINS, CHART_VERSIONS, DEFAULT_KUBERNETES_VERSION, SUPPORTED_KUBERNETES_VERSIONS, chartPin, isVerified } from '../src/config/versions';
import { BOTTLEROCKET_RELEASES, DATA_ENGINE_PINS, KUBERNETES_MINORS } from '../src/config/versions/platform';
import { environmentData } from './support/platform';

const CATALOG: VersionCatalog = { addons: ADDON_PINS, charts: CHART_PINS, minors: KUBERNETES_MINORS, bottlerocket: BOTTLEROCKET_RELEASES, dataEngines: DATA_ENGINE_PINS };

describe('provenance of every catalogued version', () => {
  it('every pin names where it was seen released, and when', () => {
    assert.deepEqual(provenanceProblems(CATALOG), []);
    // Add-ons, charts (and their pinned image tags), kubectl layers, minors, Bottlerocket, engines.
    assert.ok(catalogPins(CATALOG).length >= 50, `${catalogPins(CATALOG).length} pins walked`);
  });

  it('fails when a version is added without provenance, or with the specification alone', () => {
    const bare = { version: '9.9.9' } as any;
    const specOnly = { version: '1.0.0', provenance: { verified: '2026-01-01', evidence: [{ kind: 'spec', detail: 'section 6' }] } };
    const future = { version: '1.0.1', provenance: { verified: '2999-01-01', evidence: [{ kind: 'registry', url: 'https://registry.npmjs.org/x' }] } };
    const problems = provenanceProblems({
      ...CATALOG,
      charts: { ...CHART_PINS, 'new-chart': { '1.35': { ...CHART_PINS.reloader['1.35'], ...bare, provenance: undefined } } },
      dataEngines: { ...DATA_ENGINE_PINS, valkey: specOnly as any, memcached: future as any },
    });
    assert.ok(problems.some((p) => /^chart new-chart for 1\.35 9\.9\.9: no provenance/.test(p)), problems.join('\n'));
    assert.ok(problems.some((p) => /^engine valkey 1\.0\.0: the specification alone is not a release/.test(p)));
    assert.ok(problems.some((p) => /^engine memcached 1\.0\.1: verified "2999-01-01" is not a past day/.test(p)));
  });

  it('replaces the pins no upstream tag shows with the newest traced ones', () => {
    assert.equal(CHART_VERSIONS['istio-cni'], '1.30.3');
    assert.equal(CHART_VERSIONS['cert-manager'], 'v1.21.1');
    assert.equal(CHART_VERSIONS['secrets-store-csi-driver'], '2.2.2');
    assert.match(chartPin('istio-cni', '1.35')!.provenance.note!, /1\.30\.5 was never tagged/);
    assert.match(chartPin('cert-manager', '1.35')!.provenance.note!, /v1\.21\.2 was never tagged/);
  });

  it('says why an add-on build is not catalogued for a minor', () => {
    for (const [minor, pins] of Object.entries(ADDON_PINS)) {
      for (const [name, pin] of Object.entries(pins)) if (!isVerified(pin)) assert.ok(pin.unverified.length > 40, `${name} ${minor}`);
    }
    assert.ok(!isVerified(ADDON_PINS['1.36']['vpc-cni']));
    assert.ok(isVerified(ADDON_PINS['1.36']['kube-proxy']) && ADDON_PINS['1.36']['kube-proxy'].version === 'v1.36.0-eksbuild.14');
  });
});

describe('catalogued Kubernetes minors', () => {
  it('are 1.35 and 1.36, each with a kubectl layer whose installed package is the pinned one', () => {
    assert.deepEqual(SUPPORTED_KUBERNETES_VERSIONS, ['1.35', '1.36']);
    assert.deepEqual(Object.keys(KUBECTL_LAYERS), SUPPORTED_KUBERNETES_VERSIONS);
    const manifest = JSON.parse(readFileSync(resolve(__dirname, '../package.json'), 'utf8'));
    for (const m of KUBERNETES_MINORS) {
      const installed = JSON.parse(readFileSync(join(resolve(__dirname, '../node_modules'), m.kubectlLayer.packageName, 'package.json'), 'utf8'));
      assert.equal(installed.version, m.kubectlLayer.version, m.kubectlLayer.packageName);
      assert.equal(manifest.dependencies[m.kubectlLayer.packageName], m.kubectlLayer.version, 'pinned exactly in package.json');
    }
  });

  it('pin every Helm entry of the catalog for every minor, the default minor being what the entries name', () => {
    for (const entry of CHART_CATALOG) {
      if (entry.kind !== 'helm') continue;
      for (const minor of SUPPORTED_KUBERNETES_VERSIONS) assert.ok(chartPin(entry.id, minor), `${entry.id} for ${minor}`);
      assert.equal(entry.version, chartPin(entry.id, DEFAULT_KUBERNETES_VERSION)!.version, entry.id);
    }
    assert.deepEqual(Object.keys(CHART_PINS).sort(), CHART_CATALOG.filter((e) => e.kind === 'helm').map((e) => e.id).sort());
  });

  it('keeps the chart id list (a leaf file the schema reads) equal to the catalog', () => {
    assert.deepEqual([...CHART_IDS].sort(), CHART_CATALOG.map((e) => e.id).sort());
  });

  it('records the first Bottlerocket release of each minor', () => {
    for (const minor of SUPPORTED_KUBERNETES_VERSIONS) assert.ok(BOTTLEROCKET_RELEASES.some((r) => r.firstFor?.includes(minor)), minor);
  });
});

describe('shipped environments', () => {
  for (const env of ['dev', 'prod']) {
    it(`${env} pins Bottlerocket releases the catalog traced`, () => {
      const d = environmentData(env);
      const nodeGroup = BOTTLEROCKET_RELEASES.find((r) => r.nodeGroupRelease === d.nodeGroup.releaseVersion);
      assert.ok(nodeGroup, `node group release ${d.nodeGroup.releaseVersion}`);
      assert.ok(BOTTLEROCKET_RELEASES.some((r) => `v${r.version}` === d.karpenter.amiVersion), `Karpenter alias ${d.karpenter.amiVersion}`);
      assert.equal(d.karpenter.amiVersion, `v${nodeGroup.version}`, 'both node kinds run the same release');
      assert.deepEqual(d.cluster.upgradePolicy, { supportType: 'STANDARD' });
    });
  }
});
