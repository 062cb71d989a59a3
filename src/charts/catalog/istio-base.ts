import type { HelmEntry } from '../chart-spec';
import { ISTIO_NAMESPACE, ISTIO_REPOSITORY, ISTIO_VERSION } from './istio-common';

export const istioBase: HelmEntry = {
  kind: 'helm',
  id: 'istio-base',
  purpose: 'Istio CRDs and cluster-wide resources',
  phase: 'primary',
  namespace: ISTIO_NAMESPACE,
  applies: [],
  availability: { base: { noPods: 'Istio CRDs and the default-revision webhook configuration' } },
  defaultEnabled: true,
  repository: ISTIO_REPOSITORY,
  chart: 'base',
  release: () => 'base',
  version: ISTIO_VERSION,
  images: [],
  values: () => ({ defaultRevision: 'default' }),
};
