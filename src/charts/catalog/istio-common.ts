/**
 * What Istio's charts share: the repository, the version and the image hub. Values follow the
 * charts of istio/istio manifests/charts (1.24+ layout: top-level keys, `profile`, `global.hub`).
 */
import { ISTIO_VERSION } from '../../config/versions';
import type { ImageRef } from '../registries';

export const ISTIO_REPOSITORY = 'https://istio-release.storage.googleapis.com/charts';
export const ISTIO_NAMESPACE = 'istio-system';
export { ISTIO_VERSION };

/**
 * The SELinux type of Istio's node agents (istio-cni, ztunnel) on Bottlerocket, whose policy lets
 * a container runtime label containers only `container_t`, `control_t` (privileged) or `super_t`
 * (bottlerocket-os/bottlerocket SECURITY_GUIDANCE.md, "Limit use of privileged SELinux labels").
 * Istio's charts take `seLinuxOptions` for SELinux-enforcing platforms and its OpenShift profile
 * sets `spc_t`, a type Bottlerocket does not define; `super_t` is the Bottlerocket label for the
 * host writes the agents make (plugin, CNI configuration, the ztunnel socket under /var/run).
 */
export const ISTIO_SELINUX = { type: 'super_t' } as const;

/** Istio's images live on Docker Hub under `istio/`; `global.hub` points every component there. */
export const ISTIO_HUB: ImageRef = { path: 'global.hub', registry: 'docker-hub', repository: 'istio' };
