import type { ManifestEntry } from '../chart-spec';
import { GATEWAY_TLS_NAMESPACE, gatewayTlsObjects } from '../gateway-tls';

/**
 * The ingress gateway's certificate and its issuers (src/charts/gateway-tls.ts), in the gateway's
 * namespace. cert-manager's webhook admits every Issuer, ClusterIssuer and Certificate with
 * failurePolicy Fail, so the admission edges (src/plan/admission.ts) make this entry wait until
 * that webhook serves; istio-base creates the namespace. It is primary: the certificate is issued
 * while the gateway and the rest of the chain install, and the application's Gateway names its
 * Secret.
 */
export const gatewayCertificate: ManifestEntry = {
  kind: 'manifest',
  id: 'gateway-certificate',
  purpose: 'the ingress gateway\'s TLS certificate for the application\'s hosts, and its cert-manager issuers',
  phase: 'primary',
  dependsOn: ['cert-manager', 'istio-base'],
  namespace: GATEWAY_TLS_NAMESPACE,
  applies: ['Certificate', 'Issuer', 'ClusterIssuer'],
  defaultEnabled: true,
  manifests: (ctx) => gatewayTlsObjects(ctx.gatewayTls, ctx.region),
};
