import { CHART_VERSIONS } from '../../config/versions';
import type { HelmEntry } from '../chart-spec';

/**
 * Values checked against kubernetes-sigs/external-dns charts/external-dns/values.yaml (1.14+:
 * `provider.name`). Limited to the environment's hosted zone; `upsert-only` never deletes records
 * it did not create, and the TXT owner id keeps two clusters from fighting over one name.
 */
export const externalDns: HelmEntry = {
  kind: 'helm',
  id: 'external-dns',
  purpose: 'Route 53 records for the gateway and Ingresses, in the configured zone only',
  phase: 'primary',
  // It watches Istio Gateways and VirtualServices, whose CRDs come with Istio's base chart.
  dependsOn: ['istio-base'],
  namespace: 'external-dns',
  applies: ['Service'],
  availability: {
    controller: {
      singleReplica:
        'external-dns 0.19 has no leader election and its chart fixes one replica (templates/deployment.yaml at external-dns-helm-chart-1.19.0): ' +
        'two would race on the same records. A restart only delays record changes; existing records keep resolving. A budget on one replica would block every node drain.',
    },
  },
  defaultEnabled: (env) => env.route53ZoneId !== undefined,
  roleId: 'external-dns',
  repository: 'https://kubernetes-sigs.github.io/external-dns/',
  chart: 'external-dns',
  release: () => 'external-dns',
  version: CHART_VERSIONS['external-dns'],
  images: [{ path: 'image.repository', registry: 'k8s', repository: 'external-dns/external-dns' }],
  values: (ctx) => ({
    provider: { name: 'aws' },
    env: [{ name: 'AWS_DEFAULT_REGION', value: ctx.region }],
    serviceAccount: { create: false, name: ctx.serviceAccount('external-dns') },
    sources: ['service', 'ingress', 'istio-gateway', 'istio-virtualservice'],
    policy: 'upsert-only',
    registry: 'txt',
    txtOwnerId: ctx.clusterName,
    extraArgs: [`--zone-id-filter=${ctx.route53ZoneId}`],
  }),
};
