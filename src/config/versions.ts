/**
 * The version catalog: every version this platform deploys, in one place, each pin with where it
 * was seen released (src/config/versions/: add-ons, charts, Kubernetes minors, Bottlerocket,
 * data engines). This file is the read side the rest of the code uses. A Kubernetes minor is
 * supported only when it is catalogued with its kubectl layer, add-ons and chart pins.
 */
import { ADDON_NAMES, ADDON_PINS, isVerified, type AddonName } from './versions/addons';
import { CHART_PINS, ISTIO_VERSION, type ChartPin, type ChartVersionKey } from './versions/charts';
import { BOTTLEROCKET_RELEASES, DATA_ENGINE_PINS, KUBERNETES_MINORS } from './versions/platform';

export { ADDON_NAMES, ADDON_PINS, CHART_PINS, ISTIO_VERSION, isVerified };
export type { AddonName, ChartPin, ChartVersionKey };

export const SUPPORTED_KUBERNETES_VERSIONS: readonly string[] = KUBERNETES_MINORS.map((m) => m.minor);

/** The oldest catalogued minor: the chart entries' own `version` is its pin. */
export const DEFAULT_KUBERNETES_VERSION = SUPPORTED_KUBERNETES_VERSIONS[0];

/** Verified managed add-on builds per Kubernetes minor; a missing name must be set by the environment. */
export const ADDON_VERSIONS: Readonly<Record<string, Readonly<Partial<Record<AddonName, string>>>>> = Object.fromEntries(
  Object.entries(ADDON_PINS).map(([minor, pins]) => [
    minor,
    Object.fromEntries(Object.entries(pins).flatMap(([name, pin]) => (isVerified(pin) ? [[name, pin.version]] : []))),
  ]),
);

/** EKS add-on versions look like v1.22.1-eksbuild.2. */
export const ADDON_VERSION_PATTERN = /^v\d+\.\d+\.\d+-eksbuild\.\d+$/;

/** The chart pin of a catalog entry for a Kubernetes minor. */
export function chartPin(id: string, minor: string): ChartPin | undefined {
  return (CHART_PINS as Readonly<Record<string, Readonly<Record<string, ChartPin>>>>)[id]?.[minor];
}

/** Chart versions of the default minor, which the catalog entries name (src/charts/catalog/). */
export const CHART_VERSIONS = Object.fromEntries(
  Object.entries(CHART_PINS).map(([id, byMinor]) => [id, byMinor[DEFAULT_KUBERNETES_VERSION].version]),
) as Readonly<Record<ChartVersionKey, string>>;

/** Karpenter of the default minor (v1 API); the CRD chart and the controller chart share the version. */
export const KARPENTER_VERSION = CHART_VERSIONS.karpenter;

/**
 * The first Bottlerocket release with an `aws-k8s-<minor>` variant: a pinned release older than
 * this has no image for the cluster's Kubernetes version.
 */
export const BOTTLEROCKET_FIRST_RELEASE: Readonly<Record<string, string>> = Object.fromEntries(
  BOTTLEROCKET_RELEASES.flatMap((r) => (r.firstFor ?? []).map((minor) => [minor, r.version])),
);

/** An exact chart version: 1.2.3 or v1.2.3, no ranges, no "latest". */
export const EXACT_CHART_VERSION = /^v?\d+\.\d+\.\d+$/;

/**
 * Data service engines (SPEC section 8). Aurora PostgreSQL 17 is the newest major with standard
 * support; the minor is pinned so a deploy never upgrades the database by surprise.
 */
export const DATA_ENGINE_VERSIONS = {
  auroraPostgres: DATA_ENGINE_PINS.auroraPostgres.version,
  redis: DATA_ENGINE_PINS.redis.version,
  documentdb: DATA_ENGINE_PINS.documentdb.version,
  documentdbFamily: 'docdb5.0',
} as const;
