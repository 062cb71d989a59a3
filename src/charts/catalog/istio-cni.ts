import type { HelmEntry } from '../chart-spec';
import { ISTIO_HUB, ISTIO_NAMESPACE, ISTIO_REPOSITORY, ISTIO_VERSION } from './istio-common';

/**
 * The Istio CNI node agent, ambient profile, with Bottlerocket's caveats handled:
 * - `/etc` is a tmpfs on Bottlerocket, so the CNI configuration is lost on reboot; the VPC CNI
 *   rewrites its own on start, and `reconcileIptablesOnStartup` re-applies the ambient redirection
 *   to pods already on the node when the agent restarts (istio/istio#55968).
 * - the paths are Bottlerocket's (`/opt/cni/bin`, `/etc/cni/net.d`), given explicitly rather than
 *   auto-detected;
 * - SELinux is enforcing, so the agent runs privileged to write its plugin and configuration to
 *   host paths (an unprivileged container is denied those writes).
 */
export const istioCni: HelmEntry = {
  kind: 'helm',
  id: 'istio-cni',
  purpose: 'Istio CNI node agent, profile ambient (traffic redirection to ztunnel)',
  phase: 'primary',
  dependsOn: ['istiod'],
  namespace: ISTIO_NAMESPACE,
  applies: [],
  availability: { 'cni-node': { perNode: 'a DaemonSet: the node agent that redirects each node\'s pods to ztunnel' } },
  defaultEnabled: true,
  repository: ISTIO_REPOSITORY,
  chart: 'cni',
  release: () => 'istio-cni',
  version: ISTIO_VERSION,
  images: [ISTIO_HUB],
  values: () => ({
    profile: 'ambient',
    cniBinDir: '/opt/cni/bin',
    cniConfDir: '/etc/cni/net.d',
    privileged: true,
    ambient: { reconcileIptablesOnStartup: true },
    priorityClassName: 'system-node-critical',
  }),
};
