import type { HelmEntry } from '../chart-spec';
import { ISTIO_HUB, ISTIO_NAMESPACE, ISTIO_REPOSITORY, ISTIO_SELINUX, ISTIO_VERSION } from './istio-common';

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
  // The ztunnel chart reads only a top-level `hub` (no `global.hub`); it sets its own
  // system-node-critical priority and has no value for it.
  images: [{ ...ISTIO_HUB, path: 'hub' }],
  values: () => ({
    profile: 'ambient',
    resources: { requests: { cpu: '200m', memory: '512Mi' } },
    // The socket it shares with istio-cni lives under /var/run on the host (see istio-common).
    seLinuxOptions: { ...ISTIO_SELINUX },
  }),
};
