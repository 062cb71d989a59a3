import { CHART_VERSIONS } from '../../config/versions';
import type { HelmEntry } from '../chart-spec';

/** Values checked against cert-manager deploy/charts/cert-manager/values.yaml (1.15+: `crds.*`). */
export const certManager: HelmEntry = {
  kind: 'helm',
  id: 'cert-manager',
  purpose: 'TLS certificates (Let\'s Encrypt, ACM PCA, own CA)',
  phase: 'primary',
  namespace: 'cert-manager',
  // Its validating webhook covers every cert-manager.io and acme.cert-manager.io object.
  admits: ['Certificate', 'CertificateRequest', 'Issuer', 'ClusterIssuer'],
  applies: ['Service'],
  availability: {
    controller: { replicas: 'replicaCount', disruptionBudget: 'podDisruptionBudget' },
    webhook: { replicas: 'webhook.replicaCount', disruptionBudget: 'webhook.podDisruptionBudget' },
    cainjector: { singleReplica: 'injects CA bundles into webhook configurations when certificates rotate, hours before they expire; a restart delays one injection by seconds' },
  },
  defaultEnabled: true,
  // Only while the gateway's certificate comes from an ACME issuer (the role's `onlyFor`).
  roleId: 'cert-manager-dns01',
  repository: 'https://charts.jetstack.io',
  chart: 'cert-manager',
  release: () => 'cert-manager',
  version: CHART_VERSIONS['cert-manager'],
  images: [
    { path: 'image.repository', registry: 'quay', repository: 'jetstack/cert-manager-controller' },
    { path: 'webhook.image.repository', registry: 'quay', repository: 'jetstack/cert-manager-webhook' },
    { path: 'cainjector.image.repository', registry: 'quay', repository: 'jetstack/cert-manager-cainjector' },
    { path: 'acmesolver.image.repository', registry: 'quay', repository: 'jetstack/cert-manager-acmesolver' },
    { path: 'startupapicheck.image.repository', registry: 'quay', repository: 'jetstack/cert-manager-startupapicheck' },
  ],
  values: (ctx) => ({
    // The chart installs its CRDs and keeps them on uninstall, so certificates survive a re-install.
    crds: { enabled: true, keep: true },
    // With an ACME issuer the controller runs as the account of its DNS-01 role (created and
    // bound by the identity layer, IRSA or Pod Identity); its ambient credentials serve
    // ClusterIssuers only (src/charts/gateway-tls.ts). Otherwise the chart makes its own account.
    ...(ctx.gatewayTls.dns01 ? { serviceAccount: { create: false, name: ctx.serviceAccount('cert-manager-dns01') } } : {}),
    global: { leaderElection: { namespace: 'cert-manager' } },
    replicaCount: 2,
    podDisruptionBudget: { enabled: true, minAvailable: 1 },
    webhook: { replicaCount: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 } },
  }),
};
