import type { HelmEntry } from '../chart-spec';
import { ISTIO_HUB, ISTIO_NAMESPACE, ISTIO_REPOSITORY, ISTIO_VERSION } from './istio-common';

export const istiod: HelmEntry = {
  kind: 'helm',
  id: 'istiod',
  purpose: 'Istio control plane, ambient profile',
  phase: 'primary',
  dependsOn: ['istio-base'],
  namespace: ISTIO_NAMESPACE,
  applies: ['Service'],
  availability: { istiod: { replicas: 'pilot.autoscaleMin', disruptionBudget: 'pilot.pdb' } },
  defaultEnabled: true,
  repository: ISTIO_REPOSITORY,
  chart: 'istiod',
  release: () => 'istio-discovery',
  version: ISTIO_VERSION,
  images: [ISTIO_HUB],
  values: () => ({
    profile: 'ambient',
    // `pilot.*` is copied to the top level (templates/zzy_descope_legacy.yaml at 1.30.3); the budget
    // exists while more than one replica runs (templates/poddisruptionbudget.yaml).
    pilot: { autoscaleMin: 2, pdb: { minAvailable: 1 }, resources: { requests: { cpu: '200m', memory: '512Mi' } } },
    meshConfig: { accessLogFile: '/dev/stdout' },
  }),
};
