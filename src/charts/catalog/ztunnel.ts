import type { HelmEntry } from '../chart-spec';
import { ISTIO_HUB, ISTIO_NAMESPACE, ISTIO_REPOSITORY, ISTIO_VERSION } from './istio-common';

export const ztunnel: HelmEntry = {
  kind: 'helm',
  id: 'ztunnel',
  purpose: 'per-node L4 proxy of the ambient mesh (mTLS, authorization, telemetry)',
  phase: 'primary',
  dependsOn: ['istio-cni'],
  namespace: ISTIO_NAMESPACE,
  applies: [],
  availability: { ztunnel: { perNode: 'a DaemonSet: each node\'s L4 proxy' } },
  defaultEnabled: true,
  repository: ISTIO_REPOSITORY,
  chart: 'ztunnel',
  release: () => 'ztunnel',
  version: ISTIO_VERSION,
  // The ztunnel chart reads its hub from a top-level `hub` as well as `global.hub`.
  images: [ISTIO_HUB, { ...ISTIO_HUB, path: 'hub' }],
  values: () => ({
    profile: 'ambient',
    priorityClassName: 'system-node-critical',
    resources: { requests: { cpu: '200m', memory: '512Mi' } },
  }),
};
