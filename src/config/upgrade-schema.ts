/**
 * The environment fields of upgrades: the cluster's EKS support policy, the minor being prepared,
 * and the managed node group's pinned Bottlerocket release with its update strategy. Composed
 * into the environment schema (schema.ts).
 */
import { z } from 'zod';
import { SUPPORTED_KUBERNETES_VERSIONS } from './versions';

/** An EKS managed node group release of Bottlerocket: `<release>-<commit>`, as EKS requires it. */
export const NODE_GROUP_RELEASE = /^\d+\.\d+\.\d+-[0-9a-f]{8}$/;

export const upgradePolicy = z
  .strictObject({
    supportType: z
      .enum(['STANDARD', 'EXTENDED'], { message: 'supportType is STANDARD (upgrade before standard support ends) or EXTENDED (EKS bills extended support after it)' })
      .default('STANDARD')
      .describe('EKS support once the minor leaves standard support: STANDARD refuses paid extended support (EKS then upgrades the cluster itself), EXTENDED accepts it.'),
    prepareFor: z
      .enum(SUPPORTED_KUBERNETES_VERSIONS as [string, ...string[]], { message: `prepareFor must be a catalogued minor: ${SUPPORTED_KUBERNETES_VERSIONS.join(', ')}` })
      .optional()
      .describe('The next minor being prepared: charts whose pin for it also supports the current minor move now, before the control plane (npm run upgrade-plan says which). Remove it once kubernetesVersion is raised.'),
  })
  .default({ supportType: 'STANDARD' })
  .describe('Upgrades of the control plane: support policy and the minor being prepared (docs/upgrades.md).');

export const nodeGroupRelease = z
  .string()
  .regex(NODE_GROUP_RELEASE, 'releaseVersion is an EKS Bottlerocket release with its commit, such as 1.62.1-ea1afdd6 (EKS rejects the bare 1.62.1)')
  .optional()
  .describe('Bottlerocket release of the node group (EKS releaseVersion, <release>-<commit>): nodes change only when this does. Unpinned takes the newest release at creation and is refused where data is retained.');

export const nodeGroupUpdate = z
  .strictObject({
    maxUnavailable: z.number().int().min(1).max(100).optional().describe('Nodes replaced at once during a node group update.'),
    maxUnavailablePercentage: z.number().int().min(1).max(100).optional().describe('Share of the nodes replaced at once during an update, instead of a count.'),
  })
  .refine((u) => (u.maxUnavailable === undefined) !== (u.maxUnavailablePercentage === undefined), {
    message: 'set exactly one of maxUnavailable and maxUnavailablePercentage',
  })
  .default({ maxUnavailable: 1 })
  .describe('How a release or Kubernetes update rolls through the node group.');
