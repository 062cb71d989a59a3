import { karpenterObjects } from '../../karpenter/node-pools';
import type { ManifestEntry } from '../chart-spec';
import { KARPENTER_SWITCH } from './karpenter-crd';

/**
 * The environment's EC2NodeClass and NodePools. They depend on the controller, so CloudFormation
 * deletes them first, while Karpenter still runs to drain and terminate the nodes they own.
 */
export const karpenterNodePools: ManifestEntry = {
  kind: 'manifest',
  id: 'karpenter-node-pools',
  purpose: 'the EC2NodeClass and NodePools of the environment file',
  phase: 'primary',
  dependsOn: ['karpenter'],
  namespace: 'karpenter',
  applies: [],
  defaultEnabled: (env) => env.karpenter,
  switchedBy: KARPENTER_SWITCH,
  creates: ['nodes'],
  manifests: (ctx) => {
    // Enabled only with karpenter.enabled, which is what puts the settings in the context.
    if (!ctx.karpenter) throw new Error('karpenter-node-pools is enabled without Karpenter settings');
    return karpenterObjects(ctx.karpenter, { clusterName: ctx.clusterName, availabilityZones: ctx.availabilityZones }) as unknown as Record<string, unknown>[];
  },
};
