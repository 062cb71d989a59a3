import type { HelmEntry } from '../chart-spec';
import { ISTIO_HUB, ISTIO_NAMESPACE, ISTIO_REPOSITORY, ISTIO_SELINUX, ISTIO_VERSION } from './istio-common';

/**
 * The Istio CNI node agent, ambient profile, with Bottlerocket's caveats handled:
 * - `/etc` is a tmpfs on Bottlerocket, so the CNI configuration is lost on reboot; the VPC CNI
 *   rewrites its own on start, and `reconcileIptablesOnStartup` re-applies the ambient redirection
 *   to pods already on the node when the agent restarts (istio/istio#55968).
 * - the paths are Bottlerocket's (`/opt/cni/bin`, `/etc/cni/net.d`), given explicitly rather than
 *   auto-detected;
 * - SELinux is enforcing. The chart always renders the agent with `privileged: false` and the
 *   capabilities it needs (it has no `privileged` value), and offers `seLinuxOptions` for
 *   SELinux-enforcing platforms; Istio's own OpenShift profile sets the super-privileged type
 *   there (`spc_t`). Bottlerocket's policy has no `spc_t`: its equivalent is `super_t`, the label
 *   its security guidance names for containers that must modify host files (ISTIO_SELINUX).
 * The chart sets `priorityClassName: system-node-critical` itself; it has no value for it.
 */
/*
 * Order: after istio-base only, beside istiod. Istio's own installer at 1.30 (istio/istio,
 * release-1.30, operator/pkg/install/install.go, componentDependencies) installs Base, then CNI
 * and Pilot (istiod) in parallel, then ztunnel after CNI; the Helm guide asks only that base
 * comes before every other component. The agent configures redirection on the node and does
 * not talk to istiod.
 */
export const istioCni: HelmEntry = {
  kind: 'helm',
  id: 'istio-cni',
  purpose: 'Istio CNI node agent, profile ambient (traffic redirection to ztunnel)',
  phase: 'primary',
  dependsOn: ['istio-base'],
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
    ambient: { reconcileIptablesOnStartup: true },
    seLinuxOptions: { ...ISTIO_SELINUX },
  }),
};
