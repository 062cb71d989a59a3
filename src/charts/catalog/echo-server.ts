import type { ManifestEntry } from '../chart-spec';

export const ECHO_NAMESPACE = 'echo';
export const ECHO_PATH = '/echo';
const ECHO_IMAGE = { registry: 'k8s', repository: 'e2e-test-images/agnhost', tag: '2.53' } as const;

const labels = { 'app.kubernetes.io/name': 'echo-server', 'app.kubernetes.io/managed-by': 'eks-platform' };

/**
 * A small HTTP echo service (Kubernetes' own agnhost `netexec`) behind the ingress gateway,
 * deployed last: once the application's release serves its Gateway, `https://<host>/echo`
 * crosses the NLB, TLS at the gateway, the ambient mesh (its namespace is enrolled) and a pod,
 * proving the whole path. It follows the workload standards of SPEC section 10.
 */
export const echoServer: ManifestEntry = {
  kind: 'manifest',
  id: 'echo-server',
  purpose: `echo service behind the gateway at ${ECHO_PATH}, proving the ingress path`,
  phase: 'application',
  dependsOn: ['istio-ingressgateway', 'ztunnel'],
  namespace: ECHO_NAMESPACE,
  applies: ['Service'],
  defaultEnabled: true,
  registries: [ECHO_IMAGE.registry],
  manifests: (ctx) => [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: ECHO_NAMESPACE,
        labels: {
          'istio.io/dataplane-mode': 'ambient',
          'pod-security.kubernetes.io/enforce': 'restricted',
          'app.kubernetes.io/managed-by': 'eks-platform',
        },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'echo-server', namespace: ECHO_NAMESPACE, labels },
      spec: {
        replicas: 2,
        selector: { matchLabels: { 'app.kubernetes.io/name': 'echo-server' } },
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
            topologySpreadConstraints: [
              {
                maxSkew: 1,
                topologyKey: 'topology.kubernetes.io/zone',
                whenUnsatisfiable: 'ScheduleAnyway',
                labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'echo-server' } },
              },
            ],
            containers: [
              {
                name: 'echo',
                image: ctx.image(ECHO_IMAGE.registry, ECHO_IMAGE.repository, ECHO_IMAGE.tag),
                args: ['netexec', '--http-port=8080'],
                ports: [{ name: 'http', containerPort: 8080 }],
                resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
                readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 },
                livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 },
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'echo-server', namespace: ECHO_NAMESPACE, labels },
      spec: { minAvailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'echo-server' } } },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'echo-server', namespace: ECHO_NAMESPACE, labels },
      spec: { selector: { 'app.kubernetes.io/name': 'echo-server' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    },
    {
      // Bound to the application's Gateway (charts/application, the release `<project>` in the
      // `<env>` namespace): the one HTTPS server for the public hosts. A Gateway of its own would
      // repeat those hosts on 443, and Istio serves only the first server of a host per port
      // (pilot/pkg/model/gateway.go mergeGateways at 1.30.3: "skipping server ..., duplicate host names").
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'echo-server', namespace: ECHO_NAMESPACE, labels },
      spec: {
        hosts: [...ctx.gatewayTls.hosts],
        gateways: [`${ctx.envName}/${ctx.project}-public`],
        http: [
          {
            // On a segment boundary, like the application's routes: /echo and /echo/..., never /echofoo
            // (netexec answers /echo?msg=...; the path reaches it unchanged).
            match: [{ uri: { exact: ECHO_PATH } }, { uri: { prefix: `${ECHO_PATH}/` } }],
            route: [{ destination: { host: `echo-server.${ECHO_NAMESPACE}.svc.cluster.local`, port: { number: 80 } } }],
          },
        ],
      },
    },
  ],
};
