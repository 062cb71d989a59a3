import { CHART_VERSIONS } from '../../config/versions';
import type { HelmEntry } from '../chart-spec';

/**
 * RabbitMQ clusters as CRDs (SPEC: chart, namespace and version configurable). Bitnami's chart;
 * off unless an environment turns it on. Since 2025 Bitnami publishes free images only under
 * `bitnamilegacy`, so the image repositories are set explicitly rather than left to the chart.
 */
export const rabbitmqClusterOperator: HelmEntry = {
  kind: 'helm',
  id: 'rabbitmq-cluster-operator',
  purpose: 'RabbitMQ clusters and topology as Kubernetes objects',
  phase: 'primary',
  namespace: 'rabbitmq-system',
  // Bitnami's chart was not rendered here; its operators serve webhooks and metrics through Services.
  applies: ['Service'],
  availability: { operators: { singleReplica: 'off by default; the operators only reconcile RabbitmqCluster objects, whose brokers keep running while an operator restarts' } },
  defaultEnabled: false,
  // The whole chart reference: the kubectl provider's Helm handler pulls an oci:// repository as
  // given (helm pull <repository>), and Argo CD takes the registry path and appends the chart.
  repository: 'oci://registry-1.docker.io/bitnamicharts/rabbitmq-cluster-operator',
  chart: 'rabbitmq-cluster-operator',
  release: () => 'rabbitmq-cluster-operator',
  version: CHART_VERSIONS['rabbitmq-cluster-operator'],
  images: [
    { path: 'clusterOperator.image.registry', registry: 'docker-hub', repository: '' },
    { path: 'msgTopologyOperator.image.registry', registry: 'docker-hub', repository: '' },
    { path: 'rabbitmqImage.registry', registry: 'docker-hub', repository: '' },
    { path: 'credentialUpdaterImage.registry', registry: 'docker-hub', repository: '' },
  ],
  values: () => ({
    global: { security: { allowInsecureImages: true } },
    clusterOperator: { image: { repository: 'bitnamilegacy/rabbitmq-cluster-operator' } },
    msgTopologyOperator: { image: { repository: 'bitnamilegacy/rmq-messaging-topology-operator' } },
    rabbitmqImage: { repository: 'bitnamilegacy/rabbitmq' },
    credentialUpdaterImage: { repository: 'bitnamilegacy/rmq-default-credential-updater' },
  }),
};
