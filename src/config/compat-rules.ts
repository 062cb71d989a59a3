/**
 * The compatibility matrix, checked on every synth: each enabled chart's pin must support the
 * cluster's Kubernetes minor (its upstream's stated range), each installed add-on needs a build
 * verified for the minor or one set in the file, the minor being prepared is the next one, and
 * the node group's Bottlerocket release has an image for the minor.
 */
import { enabledChartIds } from '../charts/enabled';
import { CHART_CATALOG } from '../charts/catalog';
import { selectChartPin, type ChartPins } from '../compat/selection';
import { ADDON_CATALOG } from './addons';
import type { ConfigProblem } from './problem';
import { compareMinors, describeEvidence, describeRange, inRange, nextMinor } from './provenance';
import { obj, type Raw } from './raw';
import { ADDON_PINS, BOTTLEROCKET_FIRST_RELEASE, CHART_PINS, SUPPORTED_KUBERNETES_VERSIONS, isVerified } from './versions';
import type { AddonPin } from './versions/addons';

export interface CompatCatalog {
  readonly chartPins: ChartPins;
  readonly addonPins: Readonly<Record<string, Readonly<Record<string, AddonPin>>>>;
}

const CATALOG: CompatCatalog = { chartPins: CHART_PINS, addonPins: ADDON_PINS };

/** `1.62.1` older than `1.61.0`? */
export function releaseOlderThan(version: string, minimum: string): boolean {
  const a = version.split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

export function compatibilityProblems(raw: Raw, catalog: CompatCatalog = CATALOG): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const cluster = obj(raw.cluster);
  const minor = cluster.kubernetesVersion;
  // An uncatalogued minor is the schema's to report.
  if (typeof minor !== 'string' || !SUPPORTED_KUBERNETES_VERSIONS.includes(minor)) return problems;
  const policy = obj(cluster.upgradePolicy);
  const prepareFor = typeof policy.prepareFor === 'string' ? policy.prepareFor : undefined;
  if (prepareFor !== undefined && prepareFor !== nextMinor(minor)) {
    add(
      'cluster.upgradePolicy.prepareFor',
      compareMinors(prepareFor, minor) <= 0
        ? `${prepareFor} is not after the cluster's ${minor}; remove prepareFor once kubernetesVersion is raised`
        : `upgrades go one minor at a time: prepare ${nextMinor(minor)} first (${minor} -> ${prepareFor} skips a minor)`,
    );
  }

  // Charts: the pin this environment runs must be stated to support its minor.
  const toggles = obj(raw.charts);
  const enabled = enabledChartIds(toggles, {
    route53ZoneId: typeof obj(raw.identity).route53ZoneId === 'string' ? (obj(raw.identity).route53ZoneId as string) : undefined,
    karpenter: obj(raw.karpenter).enabled === true,
  });
  for (const entry of CHART_CATALOG) {
    if (entry.kind !== 'helm' || !enabled.has(entry.id)) continue;
    const field = entry.switchedBy ?? `charts.${entry.id}`;
    const off = entry.switchedBy ? `set ${entry.switchedBy} to false` : `turn it off with charts.${entry.id}.enabled: false`;
    const pin = selectChartPin(entry.id, minor, prepareFor, catalog.chartPins);
    if (!pin) {
      add(field, `no release of ${entry.id} is catalogued for Kubernetes ${minor}; add one read at its tag to src/config/versions/charts.ts, or ${off}`);
    } else if (!inRange(minor, pin.kubernetes)) {
      add(
        field,
        `${entry.id} ${pin.version} supports Kubernetes ${describeRange(pin.kubernetes)} (${describeEvidence(pin.kubernetes.source)}), not ${minor}; ` +
          `pin a release that supports ${minor} in src/config/versions/charts.ts, ${off}, or keep the cluster on a minor it supports`,
      );
    }
  }

  // Add-ons: a build verified for the minor, or the environment's own choice.
  const mode = obj(raw.identity).mode === 'pod-identity' ? 'pod-identity' : 'irsa';
  const overrides = obj(raw.addons);
  for (const spec of ADDON_CATALOG.filter((a) => !a.onlyInMode || a.onlyInMode === mode)) {
    const pin = catalog.addonPins[minor]?.[spec.name];
    if ((pin && isVerified(pin)) || typeof overrides[spec.name] === 'string') continue;
    const why = pin && !isVerified(pin) ? pin.unverified : 'the catalog has no entry for it';
    add(
      `addons.${spec.name}`,
      `no build of ${spec.name} is verified for Kubernetes ${minor} (${why}); set addons.${spec.name} to a build that ` +
        `\`aws eks describe-addon-versions --kubernetes-version ${minor} --addon-name ${spec.name}\` lists for your region`,
    );
  }

  // The node group's Bottlerocket release: pinned where data is retained, with an image for the minor.
  const release = obj(raw.nodeGroup).releaseVersion;
  const first = BOTTLEROCKET_FIRST_RELEASE[minor];
  if (release === undefined && obj(raw.data).removalPolicy === 'retain') {
    add('nodeGroup.releaseVersion', 'an environment that retains its data, like prod, pins the node group\'s Bottlerocket release (such as 1.62.1-ea1afdd6) so nodes are replaced only when the file says so');
  }
  if (typeof release === 'string' && first && /^\d+\.\d+\.\d+-/.test(release) && releaseOlderThan(release.split('-')[0], first)) {
    add('nodeGroup.releaseVersion', `Bottlerocket ${release} has no aws-k8s-${minor} image (the first release with one is ${first}); pin ${first} or later with its commit suffix`);
  }
  return problems;
}
