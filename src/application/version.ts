/**
 * The application version: the image tag every service runs. Only references that cannot move
 * are accepted, so a deploy always runs what was reviewed: a git commit SHA, a semantic version or
 * an image digest. (The ECR repositories are IMMUTABLE as well, so a pushed tag never moves;
 * names such as `latest` or `main` are refused because they say the opposite.)
 */

const GIT_SHA = /^[0-9a-f]{7,40}$/;
const SEMVER = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

export type VersionKind = 'git-sha' | 'semver' | 'digest';

export function versionKind(version: string): VersionKind | undefined {
  if (DIGEST.test(version)) return 'digest';
  if (SEMVER.test(version)) return 'semver';
  if (GIT_SHA.test(version)) return 'git-sha';
  return undefined;
}

/** Why a version is refused, or undefined when it is immutable. */
export function versionProblem(version: string): string | undefined {
  if (versionKind(version)) return undefined;
  const moving = /^(latest|stable|main|master|dev|develop|head|edge|nightly|snapshot|release|current|prod|production|staging)$/i.test(version);
  return (
    `"${version}" ${moving ? 'names a moving target' : 'is not an immutable reference'}; ` +
    'use a git commit SHA (7-40 lowercase hex), a semantic version such as 1.4.2 or v1.4.2-rc.1, or a digest sha256:<64 hex>'
  );
}

/** `repository:tag` or `repository@sha256:...`. */
export function imageReference(repository: string, version: string): string {
  return versionKind(version) === 'digest' ? `${repository}@${version}` : `${repository}:${version}`;
}
