import type { HelmEntry } from '../chart-spec';
import { ISTIO_NAMESPACE, ISTIO_REPOSITORY, ISTIO_VERSION } from './istio-common';

/**
 * The NLB annotations of SPEC section 6, read by the AWS load balancer controller (the `external`
 * type hands the Service to it): internet-facing, IP targets, cross-zone load balancing,
 * source-IP stickiness, proxy protocol v2 to the targets.
 */
export const GATEWAY_SERVICE_ANNOTATIONS: Readonly<Record<string, string>> = {
  'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
  'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
  'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
  'service.beta.kubernetes.io/aws-load-balancer-attributes': 'load_balancing.cross_zone.enabled=true',
  'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes': 'stickiness.enabled=true,stickiness.type=source_ip',
  'service.beta.kubernetes.io/aws-load-balancer-proxy-protocol': '*',
};

/** The label the gateway pods carry, which Istio `Gateway` objects select. */
export const GATEWAY_SELECTOR = { istio: 'ingressgateway' } as const;

export const istioIngressGateway: HelmEntry = {
  kind: 'helm',
  id: 'istio-ingressgateway',
  purpose: 'public ingress: every external request enters through its NLB',
  phase: 'secondary',
  // Explicit, not only through the phase: the controller must outlive the NLB it made.
  dependsOn: ['aws-load-balancer-controller', 'istiod'],
  namespace: ISTIO_NAMESPACE,
  defaultEnabled: true,
  creates: ['load-balancers'],
  repository: ISTIO_REPOSITORY,
  chart: 'gateway',
  release: () => 'istio-ingressgateway',
  version: ISTIO_VERSION,
  // The chart renders `image: auto`: istiod's injection fills in the proxy image from istiod's
  // `global.hub` (through the mirror when it is on). The chart has no hub value of its own.
  images: [],
  values: () => ({
    labels: { ...GATEWAY_SELECTOR },
    service: {
      type: 'LoadBalancer',
      annotations: { ...GATEWAY_SERVICE_ANNOTATIONS },
      ports: [
        { name: 'status-port', port: 15021, protocol: 'TCP', targetPort: 15021 },
        { name: 'http2', port: 80, protocol: 'TCP', targetPort: 80 },
        { name: 'https', port: 443, protocol: 'TCP', targetPort: 443 },
      ],
    },
    // The NLB sends PROXY protocol v2; Envoy must expect it to see client addresses.
    podAnnotations: { 'proxy.istio.io/config': JSON.stringify({ gatewayTopology: { proxyProtocol: {} } }) },
    autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 5 },
    podDisruptionBudget: { minAvailable: 1 },
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '1Gi' } },
  }),
};
