import { CHART_VERSIONS } from '../../config/versions';
import type { HelmEntry } from '../chart-spec';

/** Karpenter's own Helm repository: an OCI registry on ECR Public. */
export const KARPENTER_REPOSITORY = 'oci://public.ecr.aws/karpenter';
export const KARPENTER_SWITCH = 'karpenter.enabled';

/**
 * Karpenter's CRDs as their own release (NodePool, NodeClaim, EC2NodeClass, ...), so that Helm
 * upgrades them with the version; CRDs inside the controller chart are installed once and never
 * upgraded. Helm leaves the controller chart's copies alone because these already exist.
 */
export const karpenterCrd: HelmEntry = {
  kind: 'helm',
  id: 'karpenter-crd',
  purpose: 'Karpenter v1 CRDs (NodePool, NodeClaim, EC2NodeClass), upgraded with the controller',
  phase: 'primary',
  namespace: 'karpenter',
  applies: [],
  availability: { crds: { noPods: 'CRDs only' } },
  defaultEnabled: (env) => env.karpenter,
  switchedBy: KARPENTER_SWITCH,
  repository: `${KARPENTER_REPOSITORY}/karpenter-crd`,
  chart: 'karpenter-crd',
  release: () => 'karpenter-crd',
  version: CHART_VERSIONS['karpenter-crd'],
  images: [],
  values: () => ({}),
};
