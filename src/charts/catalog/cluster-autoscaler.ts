import { CHART_VERSIONS } from '../../config/versions';
import type { HelmEntry } from '../chart-spec';

/** Values checked against kubernetes/autoscaler charts/cluster-autoscaler/values.yaml (9.x). */
export const clusterAutoscaler: HelmEntry = {
  kind: 'helm',
  id: 'cluster-autoscaler',
  purpose: 'scales the managed node group, discovered by its tags',
  phase: 'primary',
  namespace: 'kube-system',
  applies: ['Service'],
  // Two replicas elect a leader (on by default in cluster-autoscaler 1.35.0, main.go), so a drain never
  // leaves the node group without its autoscaler.
  availability: { controller: { replicas: 'replicaCount', disruptionBudget: 'podDisruptionBudget' } },
  defaultEnabled: true,
  roleId: 'cluster-autoscaler',
  repository: 'https://kubernetes.github.io/autoscaler',
  chart: 'cluster-autoscaler',
  release: () => 'cluster-autoscaler',
  version: CHART_VERSIONS['cluster-autoscaler'],
  images: [{ path: 'image.repository', registry: 'k8s', repository: 'autoscaling/cluster-autoscaler' }],
  values: (ctx) => ({
    cloudProvider: 'aws',
    awsRegion: ctx.region,
    fullnameOverride: 'cluster-autoscaler',
    autoDiscovery: {
      clusterName: ctx.clusterName,
      // The node group's tags (SPEC section 4); the IAM policy admits only groups carrying them.
      tags: ['k8s.io/cluster-autoscaler/enabled', `k8s.io/cluster-autoscaler/${ctx.clusterName}`],
    },
    rbac: { serviceAccount: { create: false, name: ctx.serviceAccount('cluster-autoscaler') } },
    extraArgs: { 'balance-similar-node-groups': true, expander: 'least-waste', 'skip-nodes-with-local-storage': false },
    replicaCount: 2,
    podDisruptionBudget: { maxUnavailable: 1 },
    resources: { requests: { cpu: '100m', memory: '300Mi' }, limits: { memory: '600Mi' } },
    securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
    containerSecurityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
  }),
};
