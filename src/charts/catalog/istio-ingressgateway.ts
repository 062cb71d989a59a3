import type { HelmEntry } from '../chart-spec';
import { NLB_CLASS } from './aws-load-balancer-controller';
import { ISTIO_NAMESPACE, ISTIO_REPOSITORY, ISTIO_VERSION } from './istio-common';

/** Envoy's readiness endpoint on the gateway pods (Istio's status port). */
export const GATEWAY_STATUS_PORT = 15021;
export const GATEWAY_READY_PATH = '/healthz/ready';

/**
 * The ports the gateway pods listen on: the application's Gateway servers (HTTPS, and HTTP that
 * redirects). Istio binds a Gateway server's port to the matching Service port's targetPort
 * (pilot/pkg/model/gateway.go resolvePorts at 1.30.3), and the gateway chart lets the pods bind
 * ports below 1024 (net.ipv4.ip_unprivileged_port_start=0, manifests/charts/gateway/templates/deployment.yaml).
 */
export const GATEWAY_HTTPS_PORT = 443;
export const GATEWAY_HTTP_PORT = 80;

/** The ports the NLB publishes: traffic only, each to the same port on the pods. The status port is never a listener. */
export const GATEWAY_TRAFFIC_PORTS = [
  { name: 'http2', port: GATEWAY_HTTP_PORT, protocol: 'TCP', targetPort: GATEWAY_HTTP_PORT },
  { name: 'https', port: GATEWAY_HTTPS_PORT, protocol: 'TCP', targetPort: GATEWAY_HTTPS_PORT },
] as const;

/**
 * The NLB annotations of SPEC section 6, read by the AWS load balancer controller (the `external`
 * type hands the Service to it): internet-facing, IP targets, cross-zone load balancing,
 * source-IP stickiness, proxy protocol v2 to the targets. Health checks go to the status port on
 * the pod IPs directly: a numeric port that is not a Service port is used as is for IP targets,
 * and the controller admits the NLB's security group on it at the targets
 * (pkg/service/model_build_target_group.go at v2.14.1), so the port needs no listener.
 */
export const GATEWAY_SERVICE_ANNOTATIONS: Readonly<Record<string, string>> = {
  'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
  'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
  'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
  'service.beta.kubernetes.io/aws-load-balancer-attributes': 'load_balancing.cross_zone.enabled=true',
  'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes': 'stickiness.enabled=true,stickiness.type=source_ip',
  'service.beta.kubernetes.io/aws-load-balancer-proxy-protocol': '*',
  'service.beta.kubernetes.io/aws-load-balancer-healthcheck-port': String(GATEWAY_STATUS_PORT),
  'service.beta.kubernetes.io/aws-load-balancer-healthcheck-protocol': 'http',
  'service.beta.kubernetes.io/aws-load-balancer-healthcheck-path': GATEWAY_READY_PATH,
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
  applies: ['Service'],
  availability: { gateway: { replicas: 'autoscaling.minReplicas', disruptionBudget: 'podDisruptionBudget' } },
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
      // Named outright (the gateway chart reads service.loadBalancerClass at 1.30.x): the Service
      // never depends on the controller's mutating webhook to reach the NLB controller.
      loadBalancerClass: NLB_CLASS,
      annotations: { ...GATEWAY_SERVICE_ANNOTATIONS },
      // Replaces the chart's default list, which publishes the status port 15021 as well.
      ports: GATEWAY_TRAFFIC_PORTS.map((p) => ({ ...p })),
    },
    // The NLB sends PROXY protocol v2; Envoy must expect it to see client addresses.
    podAnnotations: { 'proxy.istio.io/config': JSON.stringify({ gatewayTopology: { proxyProtocol: {} } }) },
    // The NLB puts the PROXY header on its health checks too (ELB: "the proxy protocol header is also
    // included in health check connections"). The status port accepts it only with this switch
    // (tools/packaging/common/envoy_bootstrap.json at 1.30.3; requests without it still pass, so
    // the kubelet's probes keep working).
    env: { ENVOY_STATUS_PORT_ENABLE_PROXY_PROTOCOL: 'true' },
    autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 5 },
    podDisruptionBudget: { minAvailable: 1 },
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '1Gi' } },
  }),
};
