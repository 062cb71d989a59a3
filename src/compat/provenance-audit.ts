/**
 * Walks every version of the catalog and lists the ones whose provenance is missing or
 * malformed: no evidence, only the specification as evidence, a verification date that is not a
 * past day, an empty reference. test/versions.test.ts requires the list to be empty.
 */
import type { Evidence, Pin } from '../config/provenance';
import type { AddonPin } from '../config/versions/addons';
import type { ChartPin } from '../config/versions/charts';
import type { BottlerocketRelease, KubernetesMinorInfo } from '../config/versions/platform';

export interface VersionCatalog {
  readonly addons: Readonly<Record<string, Readonly<Record<string, AddonPin>>>>;
  readonly charts: Readonly<Record<string, Readonly<Record<string, ChartPin>>>>;
  readonly minors: readonly KubernetesMinorInfo[];
  readonly bottlerocket: readonly BottlerocketRelease[];
  readonly dataEngines: Readonly<Record<string, Pin>>;
}

/** Every pin of the catalog with a name a reviewer can find it by. */
export function catalogPins(c: VersionCatalog): Array<[string, Pin]> {
  const pins: Array<[string, Pin]> = [];
  for (const [minor, addons] of Object.entries(c.addons)) {
    for (const [name, pin] of Object.entries(addons)) if ('version' in pin) pins.push([`add-on ${name} for ${minor}`, pin]);
  }
  for (const [id, byMinor] of Object.entries(c.charts)) {
    for (const [minor, pin] of Object.entries(byMinor)) {
      pins.push([`chart ${id} for ${minor}`, pin]);
      for (const [path, value] of Object.entries(pin.pinnedValues ?? {})) pins.push([`chart ${id} for ${minor}, value ${path}`, value]);
    }
  }
  for (const m of c.minors) pins.push([`kubectl layer for ${m.minor}`, m.kubectlLayer], [`Kubernetes ${m.minor} on EKS`, { version: m.minor, provenance: m.provenance }]);
  for (const r of c.bottlerocket) pins.push([`Bottlerocket ${r.version}`, r]);
  for (const [name, pin] of Object.entries(c.dataEngines)) pins.push([`engine ${name}`, pin]);
  return pins;
}

function evidenceProblem(e: Evidence): string | undefined {
  switch (e.kind) {
    case 'git-tag':
      return e.repository.includes('/') && e.tag && e.path ? undefined : 'a git tag needs owner/name, tag and path';
    case 'git-commit':
      return e.repository.includes('/') && /^[0-9a-f]{7,40}$/.test(e.commit) && e.path ? undefined : 'a commit needs owner/name, a hex commit and path';
    case 'spec':
      return e.detail ? undefined : 'a SPEC reference names its section';
    default:
      return /^https:\/\/\S+$/.test(e.url) ? undefined : `${e.kind} evidence needs an https URL`;
  }
}

export function provenanceProblems(c: VersionCatalog, today = new Date().toISOString().slice(0, 10)): string[] {
  const problems: string[] = [];
  for (const [name, pin] of catalogPins(c)) {
    const p = pin.provenance as Pin['provenance'] | undefined;
    if (!p || !Array.isArray(p.evidence) || p.evidence.length === 0) {
      problems.push(`${name} ${pin.version}: no provenance (where was it seen released?)`);
      continue;
    }
    if (p.evidence.every((e) => e.kind === 'spec')) problems.push(`${name} ${pin.version}: the specification alone is not a release; add the upstream tag, release note or AWS page`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(p.verified) || p.verified > today) problems.push(`${name} ${pin.version}: verified "${p.verified}" is not a past day (YYYY-MM-DD)`);
    for (const e of p.evidence) {
      const problem = evidenceProblem(e);
      if (problem) problems.push(`${name} ${pin.version}: ${problem}`);
    }
  }
  for (const [id, byMinor] of Object.entries(c.charts)) {
    for (const [minor, pin] of Object.entries(byMinor)) {
      const range = pin.kubernetes as ChartPin['kubernetes'] | undefined;
      const problem = range ? evidenceProblem(range.source) : 'no supported Kubernetes range';
      if (problem) problems.push(`chart ${id} for ${minor}: its Kubernetes range: ${problem}`);
      if (pin.source?.kind !== 'git-tag') problems.push(`chart ${id} for ${minor}: the chart must be read at a git tag`);
    }
  }
  for (const [minor, addons] of Object.entries(c.addons)) {
    for (const [name, pin] of Object.entries(addons)) {
      if (!('version' in pin) && !pin.unverified) problems.push(`add-on ${name} for ${minor}: unverified without the reason`);
    }
  }
  return problems;
}
