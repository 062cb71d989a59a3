import type { ManifestEntry } from '../chart-spec';

/** The ClusterSecretStore's name, for ExternalSecrets to reference. */
export const PARAMETER_STORE_NAME = 'aws-parameter-store';

/**
 * A ClusterSecretStore for SSM Parameter Store. It authenticates with the controller's own
 * credentials (its workload identity role, IRSA or Pod Identity alike), which may read only the
 * project's `/<project>/<env>/` parameters.
 */
export const parameterStore: ManifestEntry = {
  kind: 'manifest',
  id: 'parameter-store',
  purpose: `ClusterSecretStore "${PARAMETER_STORE_NAME}" for SSM Parameter Store`,
  phase: 'primary',
  dependsOn: ['external-secrets'],
  namespace: 'external-secrets',
  applies: ['ClusterSecretStore'],
  defaultEnabled: true,
  manifests: (ctx) => [
    {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      metadata: { name: PARAMETER_STORE_NAME, labels: { 'app.kubernetes.io/managed-by': 'eks-platform' } },
      spec: { provider: { aws: { service: 'ParameterStore', region: ctx.region } } },
    },
  ],
};
