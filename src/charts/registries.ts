/**
 * The public registries the charts pull from, and how each maps to an ECR pull-through cache rule
 * ("ECR sync", SPEC section 6). With the mirror on, every image reference of every chart points at
 * `<account>.dkr.ecr.<region>.amazonaws.com/<env>/<prefix>/...` instead of the public host.
 */
export type RegistryId = 'k8s' | 'ecr-public' | 'quay' | 'docker-hub' | 'github';

export interface UpstreamRegistry {
  /** The host image references use when not mirrored. */
  readonly host: string;
  /** `AWS::ECR::PullThroughCacheRule` UpstreamRegistryUrl. */
  readonly upstreamUrl: string;
  /** `AWS::ECR::PullThroughCacheRule` UpstreamRegistry. */
  readonly upstreamRegistry: string;
  /** The environment setting that holds the registry's credential, when ECR requires one. */
  readonly credential?: 'dockerHub' | 'githubContainerRegistry';
}

export const REGISTRIES: Readonly<Record<RegistryId, UpstreamRegistry>> = {
  k8s: { host: 'registry.k8s.io', upstreamUrl: 'registry.k8s.io', upstreamRegistry: 'k8s' },
  'ecr-public': { host: 'public.ecr.aws', upstreamUrl: 'public.ecr.aws', upstreamRegistry: 'ecr-public' },
  quay: { host: 'quay.io', upstreamUrl: 'quay.io', upstreamRegistry: 'quay' },
  'docker-hub': { host: 'docker.io', upstreamUrl: 'registry-1.docker.io', upstreamRegistry: 'docker-hub', credential: 'dockerHub' },
  github: { host: 'ghcr.io', upstreamUrl: 'ghcr.io', upstreamRegistry: 'github-container-registry', credential: 'githubContainerRegistry' },
};

/** Hosts that must not appear in chart values when the mirror is on. */
export const PUBLIC_REGISTRY_HOSTS: readonly string[] = [
  ...Object.values(REGISTRIES).map((r) => r.host),
  'registry-1.docker.io',
  'gcr.io',
  'oci.external-secrets.io',
];

/** ECR pull-through secrets must be named with this prefix. */
export const PULL_THROUGH_SECRET_PREFIX = 'ecr-pullthroughcache/';

/** One image reference inside a chart's values. */
export interface ImageRef {
  /** Dotted path of the value, e.g. `image.repository` or `global.hub`. */
  readonly path: string;
  readonly registry: RegistryId;
  /** Path inside the registry; empty when the value holds the registry alone (`image.registry`). */
  readonly repository: string;
}

/** The image mirror as resolved for one environment. */
export interface ImageMirror {
  readonly enabled: boolean;
  /** `<account>.dkr.ecr.<region>.<suffix>`. */
  readonly registryHost: string;
  /** One cache rule per registry the enabled charts use. */
  readonly rules: ReadonlyArray<{ readonly registry: RegistryId; readonly prefix: string; readonly credentialArn?: string }>;
}

/** Where an image reference points: the mirror's prefix or the public host. */
export function registryBase(mirror: ImageMirror, registry: RegistryId): string {
  if (!mirror.enabled) return REGISTRIES[registry].host;
  const rule = mirror.rules.find((r) => r.registry === registry);
  // The model adds a rule for every registry an enabled chart uses; a miss is a catalog bug.
  if (!rule) throw new Error(`image mirror has no pull-through rule for ${registry}`);
  return `${mirror.registryHost}/${rule.prefix}`;
}

export function imageValue(mirror: ImageMirror, ref: Pick<ImageRef, 'registry' | 'repository'>): string {
  const base = registryBase(mirror, ref.registry);
  return ref.repository ? `${base}/${ref.repository}` : base;
}
