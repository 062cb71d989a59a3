/**
 * The compatibility matrix, checked on every synth: environments whose Kubernetes minor an
 * enabled chart or an installed add-on does not support are rejected with the entry, its range
 * and the fix; 1.35 and 1.36 environments are accepted.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compatibilityProblems, type CompatCatalog } from '../src/config/compat-rules';
import { validateEnvironment } from '../src/config/load';
import { ADDON_PINS, CHART_PINS } from '../src/config/versions';
import { environmentData, on136 } from './support/platform';

const REAL: CompatCatalog = { chartPins: CHART_PINS, addonPins: ADDON_PINS };

/** The real catalog with one chart pin changed for one minor. */
function withPin(id: keyof typeof CHART_PINS, minor: string, change: object): CompatCatalog {
  return { ...REAL, chartPins: { ...CHART_PINS, [id]: { ...CHART_PINS[id], [minor]: { ...CHART_PINS[id][minor], ...change } } } };
}

type Case = { name: string; env: string; patch: (d: any) => void; catalog?: CompatCatalog; path: string; message: RegExp };

const REJECTED: Case[] = [
  {
    name: 'a chart that does not support the cluster minor',
    env: 'dev',
    patch: () => {},
    catalog: withPin('cert-manager', '1.35', { kubernetes: { min: '1.31', max: '1.34', source: CHART_PINS['cert-manager']['1.35'].kubernetes.source } }),
    path: 'charts.cert-manager',
    message: /^cert-manager v1\.21\.1 supports Kubernetes 1\.31 to 1\.34 \(cert-manager\/website@776e5dba:content\/docs\/releases\/README\.md\), not 1\.35; pin a release that supports 1\.35 in src\/config\/versions\/charts\.ts, turn it off with charts\.cert-manager\.enabled: false, or keep the cluster on a minor it supports$/,
  },
  {
    name: '1.36 with a 1.35-only chart (Karpenter 1.11)',
    env: 'dev',
    patch: on136,
    catalog: withPin('karpenter', '1.36', CHART_PINS.karpenter['1.35']),
    path: 'karpenter.enabled',
    message: /^karpenter 1\.11\.1 supports Kubernetes 1\.26 to 1\.35 \(aws\/karpenter-provider-aws@v1\.14\.1:hack\/docs\/compatibilitymatrix_gen\/compatibility\.yaml\), not 1\.36; .*set karpenter\.enabled to false/,
  },
  {
    name: 'a chart with no pin for the minor',
    env: 'prod',
    patch: on136,
    catalog: { ...REAL, chartPins: { ...CHART_PINS, reloader: { '1.35': CHART_PINS.reloader['1.35'] } } },
    path: 'charts.reloader',
    message: /^no release of reloader is catalogued for Kubernetes 1\.36; add one read at its tag to src\/config\/versions\/charts\.ts, or turn it off with charts\.reloader\.enabled: false$/,
  },
  {
    name: 'an add-on with no verified build for the minor',
    env: 'prod',
    patch: (d) => (d.cluster.kubernetesVersion = '1.36'),
    path: 'addons.aws-ebs-csi-driver',
    message: /^no build of aws-ebs-csi-driver is verified for Kubernetes 1\.36 \(no readable AWS version table .*\); set addons\.aws-ebs-csi-driver to a build that `aws eks describe-addon-versions --kubernetes-version 1\.36 --addon-name aws-ebs-csi-driver` lists/,
  },
  {
    name: 'Pod Identity without a verified agent build',
    env: 'dev',
    patch: (d) => (d.identity.mode = 'pod-identity'),
    path: 'addons.eks-pod-identity-agent',
    message: /aws\/containers-roadmap#2684/,
  },
  { name: 'preparing a minor that skips one', env: 'prod', patch: (d) => Object.assign(d.cluster.upgradePolicy, { prepareFor: '1.35' }), path: 'cluster.upgradePolicy.prepareFor', message: /1\.35 is not after the cluster's 1\.35/ },
  { name: 'a node group release without a 1.36 image', env: 'prod', patch: (d) => (on136(d), (d.nodeGroup.releaseVersion = '1.60.0-0123abcd')), path: 'nodeGroup.releaseVersion', message: /^Bottlerocket 1\.60\.0-0123abcd has no aws-k8s-1\.36 image \(the first release with one is 1\.61\.0\)/ },
  { name: 'a Karpenter alias without a 1.36 image', env: 'dev', patch: (d) => (on136(d), (d.karpenter.amiVersion = 'v1.60.0')), path: 'karpenter.amiVersion', message: /^Bottlerocket v1\.60\.0 has no aws-k8s-1\.36 image \(the first is v1\.61\.0\)/ },
  { name: 'an unpinned node group where data is retained', env: 'prod', patch: (d) => delete d.nodeGroup.releaseVersion, path: 'nodeGroup.releaseVersion', message: /retains its data, like prod, pins the node group's Bottlerocket release/ },
  { name: 'a release without its commit', env: 'dev', patch: (d) => (d.nodeGroup.releaseVersion = '1.62.1'), path: 'nodeGroup.releaseVersion', message: /such as 1\.62\.1-ea1afdd6 \(EKS rejects the bare 1\.62\.1\)/ },
  { name: 'both update limits', env: 'dev', patch: (d) => (d.nodeGroup.update = { maxUnavailable: 1, maxUnavailablePercentage: 20 }), path: 'nodeGroup.update', message: /exactly one of maxUnavailable and maxUnavailablePercentage/ },
  { name: 'an unknown support type', env: 'dev', patch: (d) => (d.cluster.upgradePolicy = { supportType: 'LTS' }), path: 'cluster.upgradePolicy.supportType', message: /STANDARD .* or EXTENDED/ },
  { name: 'an uncatalogued minor', env: 'dev', patch: (d) => (d.cluster.kubernetesVersion = '1.37'), path: 'cluster.kubernetesVersion', message: /must be one of 1\.35, 1\.36/ },
];

describe('the compatibility matrix rejects', () => {
  for (const c of REJECTED) {
    it(`${c.name} at ${c.path}`, () => {
      const data = environmentData(c.env);
      c.patch(data);
      const problems = c.catalog ? compatibilityProblems(data, c.catalog) : (() => {
        const r = validateEnvironment(data);
        assert.equal(r.ok, false, 'expected the environment to be rejected');
        return r.ok ? [] : r.problems;
      })();
      const hit = problems.find((p) => p.path === c.path && c.message.test(p.message));
      assert.ok(hit, `expected ${c.path} matching ${c.message}, got:\n${problems.map((p) => `${p.path}: ${p.message}`).join('\n')}`);
    });
  }
});

describe('the compatibility matrix accepts', () => {
  const accepted: Array<[string, string, (d: any) => void]> = [
    ['dev on 1.35', 'dev', () => {}],
    ['prod on 1.35', 'prod', () => {}],
    ['dev on 1.36, naming its add-on builds', 'dev', on136],
    ['prod on 1.36, naming its add-on builds', 'prod', on136],
    ['prod preparing 1.36 with Karpenter on', 'prod', (d) => ((d.karpenter.enabled = true), (d.cluster.upgradePolicy.prepareFor = '1.36'))],
  ];
  for (const [name, env, patch] of accepted) {
    it(name, () => {
      const data = environmentData(env);
      patch(data);
      const r = validateEnvironment(data);
      assert.ok(r.ok, r.ok ? '' : r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
      assert.deepEqual(compatibilityProblems(data), []);
    });
  }
});
