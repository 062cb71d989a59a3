/**
 * Where a pinned version was seen released. Every version of the catalog carries this record, so
 * a reviewer can open the exact tag, release note or AWS page and check the pin (a test fails on
 * a pin without one). `verified` is the day the evidence was read.
 */

/** One piece of evidence that a version exists (and, where it says so, what it supports). */
export type Evidence =
  /** A file read at an exact tag of the upstream repository (`git show <tag>:<path>`). */
  | { readonly kind: 'git-tag'; readonly repository: string; readonly tag: string; readonly path: string; readonly detail?: string }
  /** A file of an upstream repository read at a commit of its default branch (documentation that lives beside the code). */
  | { readonly kind: 'git-commit'; readonly repository: string; readonly commit: string; readonly path: string; readonly detail?: string }
  /** Upstream release notes or a release announcement. */
  | { readonly kind: 'release-notes'; readonly url: string; readonly detail?: string }
  /** An AWS documentation page (the add-on version tables, engine version lists). */
  | { readonly kind: 'aws-doc'; readonly url: string; readonly detail?: string }
  /** A maintainer's statement in the project's issue tracker. */
  | { readonly kind: 'maintainer'; readonly url: string; readonly detail?: string }
  /** A package registry entry (npm). */
  | { readonly kind: 'registry'; readonly url: string; readonly detail?: string }
  /** A public page that is neither upstream nor AWS (release mirrors, lifecycle trackers, public IaC using the value). */
  | { readonly kind: 'page'; readonly url: string; readonly detail?: string }
  /** The specification fixes this exact value; only ever beside upstream evidence. */
  | { readonly kind: 'spec'; readonly detail: string };

export interface Provenance {
  /** The day the evidence was read (YYYY-MM-DD). */
  readonly verified: string;
  readonly evidence: readonly Evidence[];
  /** What the evidence does not show, or why this and not a newer version. */
  readonly note?: string;
}

/** A version with where it was seen released. */
export interface Pin {
  readonly version: string;
  readonly provenance: Provenance;
}

/** The Kubernetes minors a component supports, as its upstream states them. */
export interface KubernetesRange {
  /** Oldest supported minor, e.g. 1.32; absent when upstream states no range at all (the source says what was checked instead). */
  readonly min?: string;
  /** Newest supported minor; absent when upstream states only a lower bound. */
  readonly max?: string;
  readonly source: Evidence;
}

/** The day this catalog's evidence was read. */
export const VERIFIED = '2026-11-28';

/** A short, link-like rendering of one piece of evidence (for docs and messages). */
export function describeEvidence(e: Evidence): string {
  switch (e.kind) {
    case 'git-tag':
      return `${e.repository}@${e.tag}:${e.path}`;
    case 'git-commit':
      return `${e.repository}@${e.commit.slice(0, 9)}:${e.path}`;
    case 'spec':
      return `SPEC: ${e.detail}`;
    default:
      return e.url;
  }
}

/** `1.35` as a comparable number pair. */
export function minorParts(minor: string): [number, number] {
  const [major, m] = minor.split('.').map(Number);
  return [major, m];
}

export function compareMinors(a: string, b: string): number {
  const [am, an] = minorParts(a);
  const [bm, bn] = minorParts(b);
  return am !== bm ? am - bm : an - bn;
}

export function inRange(minor: string, range: KubernetesRange): boolean {
  return (range.min === undefined || compareMinors(minor, range.min) >= 0) && (range.max === undefined || compareMinors(minor, range.max) <= 0);
}

export function describeRange(range: KubernetesRange): string {
  if (range.min === undefined) return range.max === undefined ? 'any (no stated range)' : `up to ${range.max}`;
  return range.max === undefined ? `${range.min} and later` : range.min === range.max ? range.min : `${range.min} to ${range.max}`;
}

/** The minor after `minor` (1.35 -> 1.36). */
export function nextMinor(minor: string): string {
  const [major, m] = minorParts(minor);
  return `${major}.${m + 1}`;
}
