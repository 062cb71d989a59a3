import { CHART_VERSIONS } from '../../config/versions';
import type { HelmEntry } from '../chart-spec';

/** Values checked against external-secrets deploy/charts/external-secrets/values.yaml (0.19). */
export const externalSecrets: HelmEntry = {
  kind: 'helm',
  id: 'external-secrets',
  purpose: 'SSM parameters and Secrets Manager secrets of the project as Kubernetes Secrets',
  phase: 'primary',
  namespace: 'external-secrets',
  // Its validating webhooks (failurePolicy Fail) cover the stores and ExternalSecrets.
  admits: ['ClusterSecretStore', 'SecretStore', 'ExternalSecret'],
  applies: ['Service'],
  availability: {
    controller: { replicas: 'replicaCount', disruptionBudget: 'podDisruptionBudget' },
    webhook: { replicas: 'webhook.replicaCount', disruptionBudget: 'webhook.podDisruptionBudget' },
    certController: { singleReplica: 'renews the webhook certificate on a 5-minute loop, long before it expires; a restart delays one renewal' },
  },
  defaultEnabled: true,
  roleId: 'external-secrets',
  repository: 'https://charts.external-secrets.io',
  chart: 'external-secrets',
  release: () => 'external-secrets',
  version: CHART_VERSIONS['external-secrets'],
  images: [
    { path: 'image.repository', registry: 'github', repository: 'external-secrets/external-secrets' },
    { path: 'webhook.image.repository', registry: 'github', repository: 'external-secrets/external-secrets' },
    { path: 'certController.image.repository', registry: 'github', repository: 'external-secrets/external-secrets' },
  ],
  values: (ctx) => ({
    installCRDs: true,
    serviceAccount: { create: false, name: ctx.serviceAccount('external-secrets') },
    // Two controllers, one of them active (--enable-leader-election, templates/deployment.yaml at helm-chart-0.19.1).
    replicaCount: 2,
    leaderElect: true,
    podDisruptionBudget: { enabled: true, minAvailable: 1 },
    // The webhook and cert controller need no AWS access: their own, unbound service accounts. The
    // webhook admits every store and ExternalSecret (failurePolicy Fail), so it runs twice.
    webhook: { serviceAccount: { create: true }, replicaCount: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 } },
    certController: { serviceAccount: { create: true } },
  }),
};
