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
    // The webhook and cert controller need no AWS access: their own, unbound service accounts.
    webhook: { serviceAccount: { create: true } },
    certController: { serviceAccount: { create: true } },
  }),
};
