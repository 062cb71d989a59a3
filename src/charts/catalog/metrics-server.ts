import { CHART_VERSIONS } from '../../config/versions';
import type { HelmEntry } from '../chart-spec';

/** Values checked against kubernetes-sigs/metrics-server charts/metrics-server/values.yaml (3.x). */
export const metricsServer: HelmEntry = {
  kind: 'helm',
  id: 'metrics-server',
  purpose: 'resource metrics for HorizontalPodAutoscalers and kubectl top',
  phase: 'primary',
  namespace: 'kube-system',
  applies: ['Service'],
  availability: { 'metrics-server': { replicas: 'replicas', disruptionBudget: 'podDisruptionBudget' } },
  defaultEnabled: true,
  repository: 'https://kubernetes-sigs.github.io/metrics-server/',
  chart: 'metrics-server',
  release: () => 'metrics-server',
  version: CHART_VERSIONS['metrics-server'],
  images: [{ path: 'image.repository', registry: 'k8s', repository: 'metrics-server/metrics-server' }],
  values: () => ({
    replicas: 2,
    podDisruptionBudget: { enabled: true, minAvailable: 1 },
    resources: { requests: { cpu: '100m', memory: '200Mi' } },
  }),
};
