/** The environment file's `karpenter` section, checked field by field (rules across fields: src/config/karpenter-rules.ts). */
import { z } from 'zod';
import { KARPENTER_INSTANCE_CATEGORIES, KARPENTER_INSTANCE_FAMILIES, KARPENTER_INSTANCE_SIZES } from '../config/instance-types';
import { kubernetesLabels, labelKey, labelValue } from '../config/kubernetes-labels-schema';

/** Karpenter's duration format (Go durations in s, m, h), or Never. */
const KARPENTER_DURATION = /^(([0-9]+(s|m|h))+|Never)$/;

const duration = (what: string) => z.string().regex(KARPENTER_DURATION, `${what} is a duration such as 30s, 10m, 720h or 1h30m, or Never`);

const nodePool = z.strictObject({
  name: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a NodePool name is a DNS label: lowercase letters, digits and hyphens, at most 63').describe('NodePool name (also the karpenter.sh/nodepool label of its nodes).'),
  capacityTypes: z
    .array(z.enum(['spot', 'on-demand'], { message: 'capacity types are "spot" and "on-demand" (Karpenter\'s karpenter.sh/capacity-type values; not the node group\'s SPOT/ON_DEMAND spelling)' }))
    .min(1, 'name at least one capacity type: spot, on-demand or both')
    .refine((v) => new Set(v).size === v.length, { message: 'capacity types must not repeat' })
    .describe('spot, on-demand, or both (Karpenter then prefers Spot and falls back to On-Demand).'),
  architecture: z.enum(['x86_64', 'arm64']).default('x86_64').describe('CPU architecture of the pool; Karpenter picks the matching Bottlerocket image of the pinned release.'),
  instanceCategories: z.array(z.enum(KARPENTER_INSTANCE_CATEGORIES, { message: `instance categories are ${KARPENTER_INSTANCE_CATEGORIES.join(', ')}` })).optional().describe('Instance categories (karpenter.k8s.aws/instance-category): c, m, r, t.'),
  instanceFamilies: z
    .array(z.string().refine((f) => KARPENTER_INSTANCE_FAMILIES.has(f), { message: `not an instance family this platform knows; known: ${[...KARPENTER_INSTANCE_FAMILIES.keys()].join(', ')}` }))
    .optional()
    .describe('Instance families (karpenter.k8s.aws/instance-family), e.g. m6a, c7g; each must match the pool\'s architecture.'),
  instanceSizes: z.array(z.enum(KARPENTER_INSTANCE_SIZES, { message: `instance sizes are ${KARPENTER_INSTANCE_SIZES.join(', ')}` })).optional().describe('Instance sizes (karpenter.k8s.aws/instance-size), e.g. large, xlarge.'),
  minGeneration: z.number().int().min(2).max(8).optional().describe('Lowest instance generation (karpenter.k8s.aws/instance-generation), e.g. 6 for m6a, c6g and newer.'),
  limits: z
    .strictObject({
      cpu: z.number().int().min(1).max(100000).describe('Most vCPUs the pool\'s nodes may add up to.'),
      memoryGiB: z.number().int().min(1).max(1000000).describe('Most memory (GiB) the pool\'s nodes may add up to.'),
    })
    .describe('Required: the ceiling on what the pool may launch, so a runaway workload cannot buy unbounded capacity.'),
  disruption: z
    .strictObject({
      consolidationPolicy: z.enum(['WhenEmptyOrUnderutilized', 'WhenEmpty']).default('WhenEmptyOrUnderutilized').describe('Which nodes consolidation may remove or replace.'),
      consolidateAfter: duration('consolidateAfter').default('1m').describe('How long a node must be empty or underutilized before consolidation acts.'),
      expireAfter: duration('expireAfter').default('720h').describe('Age at which a node is replaced (picks up new AMIs and settings), or Never.'),
      budgets: z
        .array(
          z.strictObject({
            nodes: z.string().regex(/^((100|[0-9]{1,2})%|[0-9]+)$/, 'budget nodes is a count such as 1 or a percentage such as 10%').describe('Most nodes disrupted at once: a count or a percentage.'),
            schedule: z.string().regex(/^(@(annually|yearly|monthly|weekly|daily|midnight|hourly))|((.+)\s(.+)\s(.+)\s(.+)\s(.+))$/, 'schedule is a cron expression (5 fields, UTC) or @daily style macro').optional().describe('Cron schedule (UTC) when the budget starts; needs duration.'),
            duration: z.string().regex(/^((([0-9]+(h|m))|([0-9]+h[0-9]+m))(0s)?)$/, 'budget duration is minutes and hours, such as 30m, 8h or 1h30m').optional().describe('How long the budget applies after each schedule hit; needs schedule.'),
            reasons: z.array(z.enum(['Underutilized', 'Empty', 'Drifted'])).optional().describe('Disruption reasons the budget limits; all when omitted.'),
          }),
        )
        .max(50)
        .default([{ nodes: '10%' }])
        .describe('Disruption budgets; the most restrictive active budget applies.'),
    })
    .default({ consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '1m', expireAfter: '720h', budgets: [{ nodes: '10%' }] })
    .describe('Consolidation, expiry and disruption budgets.'),
  weight: z.number().int().min(1).max(100).optional().describe('Priority among NodePools that fit a pod (higher first).'),
  labels: kubernetesLabels().default({}).describe('Labels of the pool\'s nodes (workloads select them): Kubernetes label keys and values; Karpenter\'s and Kubernetes\' own domains are refused.'),
  taints: z
    .array(
      z.strictObject({
        key: labelKey,
        value: labelValue.optional(),
        effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute'], { message: 'taint effect is NoSchedule, PreferNoSchedule or NoExecute' }),
      }),
    )
    .default([])
    .describe('Taints of the pool\'s nodes: only pods that tolerate them land there.'),
});

export const karpenterSchema = z
  .strictObject({
    enabled: z.boolean().describe('Install Karpenter: controller on Fargate, interruption queue, node role and the NodePools below.'),
    createSpotServiceLinkedRole: z
      .never({
        message:
          'removed: Karpenter\'s controller may now have EC2 create AWSServiceRoleForEC2Spot on its first Spot launch when the account lacks it, so no stack creates the role (docs/capacity.md); delete this field',
      })
      .optional()
      .describe('Removed (the account\'s Spot service-linked role is no longer a stack resource; docs/capacity.md). A file that still sets it is refused.'),
    amiVersion: z
      .string()
      .regex(/^(latest|v\d+\.\d+\.\d+)$/, 'amiVersion is a Bottlerocket release such as v1.61.0, or latest')
      .describe('Bottlerocket release of Karpenter\'s nodes (EC2NodeClass alias bottlerocket@<version>); latest is refused where data is retained.'),
    nodeClass: z
      .strictObject({
        osVolumeGiB: z.number().int().min(2).max(64).default(4).describe('Bottlerocket OS volume (/dev/xvda) in GiB.'),
        dataVolumeGiB: z.number().int().min(20).max(16384).default(50).describe('Bottlerocket data volume (/dev/xvdb) in GiB.'),
        metadataHopLimit: z.number().int().min(1).max(64).default(1).describe('IMDSv2 hop limit: 1 keeps pods away from the node role.'),
      })
      .default({ osVolumeGiB: 4, dataVolumeGiB: 50, metadataHopLimit: 1 })
      .describe('The one EC2NodeClass every NodePool uses.'),
    nodePools: z.array(nodePool).min(1, 'Karpenter needs at least one NodePool').describe('NodePools, each with its requirements, limits, disruption and taints.'),
  })
  .describe('Karpenter (SPEC section 4): just-in-time Bottlerocket nodes, Spot included, beside the managed node group.');

