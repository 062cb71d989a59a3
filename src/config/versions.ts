/**
 * The version catalog: every version this platform deploys, in one place.
 * Kubernetes versions are supported only when their managed add-on versions are catalogued
 * here, so an environment can never ask for a cluster whose add-ons we have not pinned.
 */
export type AddonName = 'vpc-cni' | 'kube-proxy' | 'coredns' | 'aws-ebs-csi-driver' | 'aws-efs-csi-driver' | 'eks-pod-identity-agent';

export const ADDON_NAMES: readonly AddonName[] = [
  'vpc-cni',
  'kube-proxy',
  'coredns',
  'aws-ebs-csi-driver',
  'aws-efs-csi-driver',
  'eks-pod-identity-agent',
];

/** Managed add-on versions per Kubernetes minor version (SPEC section 5). */
export const ADDON_VERSIONS: Readonly<Record<string, Readonly<Record<AddonName, string>>>> = {
  '1.35': {
    'vpc-cni': 'v1.22.1-eksbuild.2',
    'kube-proxy': 'v1.35.3-eksbuild.11',
    coredns: 'v1.14.3-eksbuild.2',
    'aws-ebs-csi-driver': 'v1.60.0-eksbuild.1',
    'aws-efs-csi-driver': 'v3.2.0-eksbuild.1',
    // Not in SPEC (installed only in pod-identity mode): the default compatible version EKS
    // reports for 1.35. Check with `aws eks describe-addon-versions --addon-name eks-pod-identity-agent`.
    'eks-pod-identity-agent': 'v1.3.10-eksbuild.3',
  },
};

export const SUPPORTED_KUBERNETES_VERSIONS: readonly string[] = Object.keys(ADDON_VERSIONS);

/** EKS add-on versions look like v1.22.1-eksbuild.2. */
export const ADDON_VERSION_PATTERN = /^v\d+\.\d+\.\d+-eksbuild\.\d+$/;
