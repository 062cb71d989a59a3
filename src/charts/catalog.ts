/**
 * The Helm chart catalog (SPEC section 6 and the foundation extras), in no particular order: the
 * deployment order comes from each entry's phase and dependencies (src/plan/graph.ts), never
 * from its position here.
 */
import type { CatalogEntry } from './chart-spec';
import { albIngressGroup } from './catalog/alb-ingress-group';
import { awsForFluentBit } from './catalog/aws-for-fluent-bit';
import { awsLoadBalancerController } from './catalog/aws-load-balancer-controller';
import { certManager } from './catalog/cert-manager';
import { clusterAutoscaler } from './catalog/cluster-autoscaler';
import { echoServer } from './catalog/echo-server';
import { externalDns } from './catalog/external-dns';
import { externalSecrets } from './catalog/external-secrets';
import { gatewayCertificate } from './catalog/gateway-certificate';
import { istioBase } from './catalog/istio-base';
import { istioCni } from './catalog/istio-cni';
import { istioIngressGateway } from './catalog/istio-ingressgateway';
import { istiod } from './catalog/istiod';
import { karpenter } from './catalog/karpenter';
import { karpenterCrd } from './catalog/karpenter-crd';
import { karpenterNodePools } from './catalog/karpenter-node-pools';
import { metricsServer } from './catalog/metrics-server';
import { parameterStore } from './catalog/parameter-store';
import { prometheus } from './catalog/prometheus';
import { rabbitmqClusterOperator } from './catalog/rabbitmq-cluster-operator';
import { reloader } from './catalog/reloader';
import { secretsStoreCsiDriver } from './catalog/secrets-store-csi-driver';
import { ztunnel } from './catalog/ztunnel';

export const CHART_CATALOG: readonly CatalogEntry[] = [
  clusterAutoscaler,
  karpenterCrd,
  karpenter,
  karpenterNodePools,
  secretsStoreCsiDriver,
  awsForFluentBit,
  awsLoadBalancerController,
  certManager,
  gatewayCertificate,
  istioBase,
  istiod,
  istioCni,
  ztunnel,
  metricsServer,
  istioIngressGateway,
  prometheus,
  rabbitmqClusterOperator,
  reloader,
  externalDns,
  externalSecrets,
  parameterStore,
  albIngressGroup,
  echoServer,
];

/** Catalog ids; the list lives in a leaf file so that the schema need not import the catalog. */
export { CHART_IDS } from './chart-ids';
