/**
 * docs/compatibility.md: the compatibility matrix (every chart and add-on against every
 * catalogued Kubernetes minor) and where every pinned version was seen released.
 */
import { CHART_CATALOG } from '../charts/catalog';
import { ADDON_NAMES, ADDON_PINS, CHART_PINS, SUPPORTED_KUBERNETES_VERSIONS, chartPin, isVerified } from '../config/versions';
import { describeEvidence, describeRange, inRange, type Evidence, type Pin } from '../config/provenance';
import { BOTTLEROCKET_RELEASES, DATA_ENGINE_PINS, KUBERNETES_MINORS } from '../config/versions/platform';
import { API_REMOVALS_SOURCE } from '../compat/api-removals';
import { GENERATED } from './docs';

const cell = (text: string) => text.replace(/\|/g, '\\|');
const evidence = (list: readonly Evidence[]) => list.map((e) => `\`${describeEvidence(e)}\`${'detail' in e && e.detail ? ` (${e.detail})` : ''}`).join('; ');
const provenance = (name: string, pin: Pin) => `| ${cell(name)} | \`${pin.version}\` | ${cell(evidence(pin.provenance.evidence))}${pin.provenance.note ? `. ${cell(pin.provenance.note)}` : ''} | ${pin.provenance.verified} |`;

export function compatibilityDoc(): string {
  const minors = SUPPORTED_KUBERNETES_VERSIONS;
  const charts = CHART_CATALOG.filter((e) => e.kind === 'helm').map((e) => {
    const cells = minors.map((m) => {
      const pin = chartPin(e.id, m);
      const values = Object.entries(pin?.pinnedValues ?? {}).map(([path, v]) => ` (${path} \`${v.version}\`)`).join('');
      return pin ? `\`${pin.version}\`${values}${inRange(m, pin.kubernetes) ? '' : ' (unsupported)'}` : 'none';
    });
    const pins = [...new Set(minors.map((m) => chartPin(e.id, m)).filter((p) => p !== undefined))];
    const ranges = pins.map((p) => `${pins.length > 1 ? `${p.version}${Object.values(p.pinnedValues ?? {}).map((v) => ` ${v.version}`).join('')}: ` : ''}${describeRange(p.kubernetes)} (\`${describeEvidence(p.kubernetes.source)}\`)`);
    return `| \`${e.id}\` | ${cells.join(' | ')} | ${cell(ranges.join('; '))} |`;
  });
  const addons = ADDON_NAMES.map((name) => `| \`${name}\` | ${minors.map((m) => {
    const pin = ADDON_PINS[m]?.[name];
    return pin && isVerified(pin) ? `\`${pin.version}\`` : 'set `addons.' + name + '` in the file';
  }).join(' | ')} |`);
  const chartProvenance = Object.entries(CHART_PINS).flatMap(([id, byMinor]) =>
    [...new Set(Object.values(byMinor))].flatMap((pin) => [
      provenance(`chart ${id}`, pin),
      ...Object.entries(pin.pinnedValues ?? {}).map(([path, value]) => provenance(`chart ${id}, ${path}`, value)),
      ...(pin.subcharts ?? []).map((s) => `| ${cell(`chart ${id}, sub-chart ${s.name}`)} | \`${s.version}\` | \`${describeEvidence(s.source)}\` (its Chart.lock) | ${pin.provenance.verified} |`),
    ]),
  );
  const addonProvenance = Object.entries(ADDON_PINS).flatMap(([minor, pins]) =>
    Object.entries(pins).map(([name, pin]) => (isVerified(pin) ? provenance(`add-on ${name} (${minor})`, pin) : `| ${cell(`add-on ${name} (${minor})`)} | not catalogued | ${cell(pin.unverified)} | |`)),
  );
  return [
    '# Compatibility and provenance',
    '',
    GENERATED,
    '',
    'Every version the platform deploys is pinned in `src/config/versions/` with where it was seen',
    'released: the upstream tag and file it was read at, the release note or the AWS page, and the',
    'day. A chart or add-on supports the Kubernetes minors its upstream states; every synth checks',
    'the environment\'s `cluster.kubernetesVersion` against the pins it runs and rejects an',
    'environment outside an enabled entry\'s range with the entry, the range and the fix',
    '(`src/config/compat-rules.ts`). Where no readable source shows an EKS add-on build for a minor,',
    'the catalog says so and the environment names the build itself. The upgrade procedure is in',
    '[upgrades.md](upgrades.md).',
    '',
    '## Kubernetes minors',
    '',
    '| minor | on EKS since | end of standard support | kubectl layer |',
    '|---|---|---|---|',
    ...KUBERNETES_MINORS.map((m) => `| ${m.minor} | ${m.eksRelease} | ${m.standardSupportEnds} | \`${m.kubectlLayer.packageName}@${m.kubectlLayer.version}\` |`),
    '',
    '## Helm charts by minor',
    '',
    `| entry | ${minors.join(' | ')} | supported Kubernetes (upstream statement) |`,
    `|---|${minors.map(() => '---').join('|')}|---|`,
    ...charts,
    '',
    '## EKS managed add-ons by minor',
    '',
    `| add-on | ${minors.join(' | ')} |`,
    `|---|${minors.map(() => '---').join('|')}|`,
    ...addons,
    '',
    '## Bottlerocket',
    '',
    '| release | managed node group release | first for | evidence |',
    '|---|---|---|---|',
    ...BOTTLEROCKET_RELEASES.map((r) => `| ${r.version} | ${r.nodeGroupRelease ? `\`${r.nodeGroupRelease}\`` : ''} | ${(r.firstFor ?? []).map((m) => `aws-k8s-${m}`).join(', ')} | ${cell(evidence(r.provenance.evidence))} |`),
    '',
    `API removals per minor come from ${describeEvidence(API_REMOVALS_SOURCE)}.`,
    '',
    '## Provenance of every pin',
    '',
    '| pin | version | evidence | verified |',
    '|---|---|---|---|',
    ...chartProvenance,
    ...addonProvenance,
    ...KUBERNETES_MINORS.map((m) => provenance(`kubectl layer (${m.minor})`, m.kubectlLayer)),
    ...Object.entries(DATA_ENGINE_PINS).map(([name, pin]) => provenance(`engine ${name}`, pin)),
    '',
  ].join('\n');
}
