import { CHART_VERSIONS } from '../../config/versions';
import type { HelmEntry } from '../chart-spec';

/** Values checked against stakater/Reloader deployments/kubernetes/chart/reloader/values.yaml (2.x). */
export const reloader: HelmEntry = {
  kind: 'helm',
  id: 'reloader',
  purpose: 'restarts workloads when a ConfigMap or Secret they use changes',
  phase: 'primary',
  namespace: 'reloader',
  applies: [],
  availability: { controller: { replicas: 'reloader.deployment.replicas', disruptionBudget: 'reloader.podDisruptionBudget' } },
  defaultEnabled: true,
  repository: 'https://stakater.github.io/stakater-charts',
  chart: 'reloader',
  release: () => 'reloader',
  version: CHART_VERSIONS.reloader,
  images: [{ path: 'image.repository', registry: 'github', repository: 'stakater/reloader' }],
  values: () => ({
    reloader: {
      watchGlobally: true,
      // Leader election (the chart adds its lease permissions), so two replicas never both restart a workload.
      enableHA: true,
      readOnlyRootFileSystem: true,
      reloadOnCreate: false,
      podDisruptionBudget: { enabled: true, minAvailable: 1 },
      deployment: {
        replicas: 2,
        resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '256Mi' } },
        securityContext: { runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: 'RuntimeDefault' } },
      },
    },
  }),
};
