/**
 * What Istio's charts share: the repository, the version and the image hub. Values follow the
 * charts of istio/istio manifests/charts (1.24+ layout: top-level keys, `profile`, `global.hub`).
 */
import { ISTIO_VERSION } from '../../config/versions';
import type { ImageRef } from '../registries';

export const ISTIO_REPOSITORY = 'https://istio-release.storage.googleapis.com/charts';
export const ISTIO_NAMESPACE = 'istio-system';
export { ISTIO_VERSION };

/** Istio's images live on Docker Hub under `istio/`; `global.hub` points every component there. */
export const ISTIO_HUB: ImageRef = { path: 'global.hub', registry: 'docker-hub', repository: 'istio' };
