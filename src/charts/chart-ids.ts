/**
 * The ids of the chart catalog, in a leaf file: the environment schema validates `charts.<id>`
 * against them without importing the catalog (whose entries import the schema's types), which
 * would close an import circle. A test checks this list against the catalog's entries.
 */
export const CHART_IDS = [
  'cluster-autoscaler',
  'karpenter-crd',
  'karpenter',
  'karpenter-node-pools',
  'secrets-store-csi-driver',
  'aws-for-fluent-bit',
  'aws-load-balancer-controller',
  'cert-manager',
  'gateway-certificate',
  'istio-base',
  'istiod',
  'istio-cni',
  'ztunnel',
  'metrics-server',
  'istio-ingressgateway',
  'prometheus',
  'rabbitmq-cluster-operator',
  'reloader',
  'external-dns',
  'external-secrets',
  'parameter-store',
  'alb-ingress-group',
  'echo-server',
] as const;

export type ChartId = (typeof CHART_IDS)[number];
