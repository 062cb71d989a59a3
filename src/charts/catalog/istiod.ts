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
  availability: { istiod: { replicas: 'autoscaleMin', disruptionBudget: 'pdb' } },
  defaultEnabled: true,
  repository: ISTIO_REPOSITORY,
  chart: 'istiod',
  release: () => 'istio-discovery',
  version: ISTIO_VERSION,
  images: [ISTIO_HUB],
  values: () => ({
    profile: 'ambient',
    // Top-level keys: templates/zzy_descope_legacy.yaml (1.30.3) also copies `pilot.*` up, but the
    // chart's own values define and its templates read these names, so the values index checks them.
    // The budget exists while more than one replica runs (templates/poddisruptionbudget.yaml).
    autoscaleMin: 2,
    pdb: { minAvailable: 1 },
    resources: { requests: { cpu: '200m', memory: '512Mi' } },
    meshConfig: { accessLogFile: '/dev/stdout' },
  }),
};
