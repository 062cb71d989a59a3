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

/**
 * Helm chart versions (SPEC section 6), exact: nothing installs "latest". Where SPEC leaves a
 * version open, the pin is the newest release known to support Kubernetes 1.35; the comment says
 * why. Istio's five charts move together.
 */
export const ISTIO_VERSION = '1.30.5'; // SPEC: "configurable", 1.30.x supports Kubernetes 1.35.

/**
 * Karpenter (SPEC section 4): v1 API (NodePool karpenter.sh/v1, EC2NodeClass karpenter.k8s.aws/v1).
 * 1.11 supports Kubernetes 1.29 to 1.35; the CRD chart and the controller chart share the version.
 */
export const KARPENTER_VERSION = '1.11.1';

/**
 * The first Bottlerocket release with an `aws-k8s-<minor>` variant: a pinned Karpenter AMI alias
 * older than this has no image for the cluster's Kubernetes version (Bottlerocket 1.53.0 added 1.35).
 */
export const BOTTLEROCKET_FIRST_RELEASE: Readonly<Record<string, string>> = { '1.35': '1.53.0' };

export const CHART_VERSIONS = {
  'cluster-autoscaler': '9.57.0', // SPEC.
  // SPEC allows the upstream AWS provider chart, which brings the driver as a dependency.
  'secrets-store-csi-driver': '2.2.0',
  'aws-for-fluent-bit': '0.1.35', // SPEC.
  'aws-load-balancer-controller': '1.14.1', // SPEC (controller v2.14.1, whose IAM policy is vendored).
  'cert-manager': 'v1.21.2', // SPEC: chart version = app version; 1.21 supports Kubernetes 1.33-1.36.
  'istio-base': ISTIO_VERSION,
  istiod: ISTIO_VERSION,
  'istio-cni': ISTIO_VERSION,
  ztunnel: ISTIO_VERSION,
  'istio-ingressgateway': ISTIO_VERSION,
  'metrics-server': '3.13.0', // SPEC.
  prometheus: '23.1.0', // SPEC (prometheus-community; Prometheus v2.45 LTS line).
  reloader: '2.2.9', // Foundation extra: stakater/reloader.
  'external-dns': '1.19.0', // Foundation extra: kubernetes-sigs/external-dns (app v0.19.0).
  'external-secrets': '0.19.1', // Foundation extra: external-secrets.io (serves the v1 API).
  // SPEC: "configurable". Bitnami chart; off unless an environment turns it on.
  'rabbitmq-cluster-operator': '4.4.34',
  // Karpenter's CRD and controller charts move together (oci://public.ecr.aws/karpenter).
  'karpenter-crd': KARPENTER_VERSION,
  karpenter: KARPENTER_VERSION,
} as const satisfies Record<string, string>;

export type ChartVersionKey = keyof typeof CHART_VERSIONS;

/** An exact chart version: 1.2.3 or v1.2.3, no ranges, no "latest". */
export const EXACT_CHART_VERSION = /^v?\d+\.\d+\.\d+$/;

/**
 * Data service engines (SPEC section 8). Aurora PostgreSQL 17 is the newest major with standard
 * support; the minor is pinned so a deploy never upgrades the database by surprise.
 */
export const DATA_ENGINE_VERSIONS = {
  auroraPostgres: '17.6',
  redis: '7.1',
  documentdb: '5.0.0',
  documentdbFamily: 'docdb5.0',
} as const;
