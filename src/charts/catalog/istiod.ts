import type { HelmEntry } from '../chart-spec';
import { ISTIO_HUB, ISTIO_NAMESPACE, ISTIO_REPOSITORY, ISTIO_VERSION } from './istio-common';

export const istiod: HelmEntry = {
  kind: 'helm',
  id: 'istiod',
  purpose: 'Istio control plane, ambient profile',
  phase: 'primary',
  dependsOn: ['istio-base'],
  namespace: ISTIO_NAMESPACE,
  defaultEnabled: true,
  repository: ISTIO_REPOSITORY,
  chart: 'istiod',
  release: () => 'istio-discovery',
  version: ISTIO_VERSION,
  images: [ISTIO_HUB],
  values: () => ({
    profile: 'ambient',
    // Top-level since the 1.24 charts: a `pilot:` prefix is silently ignored.
    autoscaleMin: 2,
    resources: { requests: { cpu: '200m', memory: '512Mi' } },
    meshConfig: { accessLogFile: '/dev/stdout' },
  }),
};
