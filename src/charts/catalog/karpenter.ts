import { CHART_VERSIONS } from '../../config/versions';
import type { HelmEntry } from '../chart-spec';
import { KARPENTER_REPOSITORY, KARPENTER_SWITCH } from './karpenter-crd';

/**
 * The Karpenter controller (values checked against aws/karpenter-provider-aws
 * charts/karpenter/values.yaml, v1). It runs in the `karpenter` namespace, which the cluster's
 * only Fargate profile selects, so it never runs on nodes it manages. Its identity is IRSA in
 * both identity modes: the Pod Identity agent is a DaemonSet, and Fargate runs none.
 */
export const karpenter: HelmEntry = {
  kind: 'helm',
  id: 'karpenter',
  purpose: 'just-in-time Bottlerocket nodes from NodePools (Spot included), running on Fargate',
  phase: 'primary',
  dependsOn: ['karpenter-crd'],
  namespace: 'karpenter',
  applies: ['Service'],
  availability: { controller: { replicas: 'replicas', disruptionBudget: 'podDisruptionBudget' } },
  defaultEnabled: (env) => env.karpenter,
  switchedBy: KARPENTER_SWITCH,
  roleId: 'karpenter',
  repository: `${KARPENTER_REPOSITORY}/karpenter`,
  chart: 'karpenter',
  release: () => 'karpenter',
  version: CHART_VERSIONS.karpenter,
  images: [{ path: 'controller.image.repository', registry: 'ecr-public', repository: 'karpenter/controller' }],
  deployTimeValues: { clusterEndpoint: 'settings.clusterEndpoint' },
  values: (ctx) => ({
    serviceAccount: { create: false, name: ctx.serviceAccount('karpenter') },
    settings: {
      clusterName: ctx.clusterName,
      interruptionQueue: ctx.karpenter?.names.interruptionQueue,
    },
    replicas: 2,
    podDisruptionBudget: { maxUnavailable: 1 },
    // The VPC resolver, not CoreDNS: Karpenter must work when no node (and so no CoreDNS) is up.
    // It reaches the API server through settings.clusterEndpoint, which the VPC resolves.
    dnsPolicy: 'Default',
    // Fargate sizes the pod from its requests (1 vCPU and 2 GB with Fargate's overhead).
    controller: { resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } } },
    logLevel: 'info',
  }),
  // Helm's default wait (600 s): each replica waits about a minute for its Fargate node. 900 s
  // (the aws-cdk-lib maximum) plus the handler's own work outlives the 15-minute Lambda call.
};
