/**
 * docs/capacity.md: where pods get nodes (managed node group, cluster autoscaler, Karpenter),
 * generated from the models of the shipped environments, with the guidance for choosing.
 */
import type { PlatformModel } from '../config/model';
import { INTERRUPTION_EVENTS } from '../karpenter/interruption-queue';
import type { NodePoolConfig } from '../karpenter/resolve';
import { GENERATED } from './docs';

/** One line per NodePool, for the summary and the docs. */
export function nodePoolLine(pool: NodePoolConfig): string {
  const shape = [
    pool.instanceCategories && `categories ${pool.instanceCategories.join('/')}`,
    pool.instanceFamilies && `families ${pool.instanceFamilies.join('/')}`,
    pool.instanceSizes && `sizes ${pool.instanceSizes.join('/')}`,
    pool.minGeneration !== undefined && `generation >= ${pool.minGeneration}`,
  ].filter(Boolean);
  const taints = pool.taints.map((t) => `${t.key}${t.value !== undefined ? `=${t.value}` : ''}:${t.effect}`);
  return [
    `${pool.capacityTypes.join('+')} ${pool.architecture}`,
    shape.join(', ') || 'any instance type',
    `limits ${pool.limits.cpu} vCPU / ${pool.limits.memoryGiB} GiB`,
    `${pool.disruption.consolidationPolicy} after ${pool.disruption.consolidateAfter}, expire ${pool.disruption.expireAfter}, budgets ${pool.disruption.budgets.map((b) => b.nodes + (b.schedule ? ` (${b.schedule} for ${b.duration})` : '')).join(', ')}`,
    taints.length ? `taints ${taints.join(', ')}` : 'no taints',
  ].join('; ');
}

/** Which of the three capacity setups an environment runs. */
export function capacitySetup(model: PlatformModel): string {
  const autoscaler = model.charts.entries.some((e) => e.id === 'cluster-autoscaler');
  if (model.karpenter) return autoscaler ? 'both: the autoscaler scales the managed node group, Karpenter adds the NodePools\' nodes' : 'Karpenter beside a fixed-size managed node group';
  return autoscaler ? 'cluster autoscaler on the managed node group' : 'fixed-size managed node group';
}

export function capacityDoc(models: readonly PlatformModel[]): string {
  const rows: Array<[string, (m: PlatformModel) => string]> = [
    ['setup', capacitySetup],
    ['managed node group', (m) => `${m.nodeGroup.instanceTypes.join(', ')} ${m.nodeGroup.capacityType}, ${m.nodeGroup.minSize}..${m.nodeGroup.maxSize} nodes`],
    ['node count in the template', (m) => (m.nodeGroup.desiredSize === undefined ? 'none (left to the autoscaler)' : `${m.nodeGroup.desiredSize} (\`nodeGroup.desiredSize\`)`)],
    ['node updates', (m) => (m.nodeGroup.forceUpdate ? 'forced past disruption budgets' : 'respect disruption budgets')],
    ['cluster autoscaler', (m) => (m.charts.entries.some((e) => e.id === 'cluster-autoscaler') ? 'on (discovers the node group\'s Auto Scaling group by its tags)' : 'off')],
    ['Karpenter', (m) => (m.karpenter ? `on, ${m.karpenter.amiAlias}, ${m.karpenter.nodePools.length} NodePool(s)` : 'off')],
    ['EC2 Spot service-linked role', (m) => (m.karpenter ? 'created by EC2 on the first Spot launch if the account lacks it' : '')],
  ];
  const pools = models.flatMap((m) => (m.karpenter?.nodePools ?? []).map((p) => `| ${m.envName} | \`${p.name}\` | ${nodePoolLine(p).replace(/\|/g, '\\|')} |`));
  return [
    '# Node capacity',
    '',
    GENERATED,
    '',
    'Pods get nodes from up to three sources: the Bottlerocket managed node group (always there; it',
    'runs the add-ons and the platform charts), the cluster autoscaler (resizes that node group) and',
    'Karpenter (launches right-sized nodes, Spot included, from NodePools).',
    '',
    '| | ' + models.map((m) => m.envName).join(' | ') + ' |',
    `|---|${models.map(() => '---').join('|')}|`,
    ...rows.map(([label, value]) => `| ${label} | ${models.map((m) => value(m)).join(' | ')} |`),
    '',
    '## Which to pick',
    '',
    '- **Cluster autoscaler only** (`prod` as shipped, the reference setup): one known node shape, scaled',
    '  between `minSize` and `maxSize`. Predictable and simple to reason about; every node is the same',
    '  instance type and capacity type. Best when the workload is steady and On-Demand.',
    '- **Karpenter only** (`charts.cluster-autoscaler.enabled: false` and `karpenter.enabled: true`): the',
    '  node group stays at its size for the system pods, and Karpenter adds nodes that fit what is pending,',
    '  bin-packs and consolidates them, and replaces them as they expire. Best for bursty or varied',
    '  workloads and for Spot, which needs many instance types to stay available.',
    '- **Both** (`dev` as shipped): the autoscaler keeps scaling the managed node group for ordinary pods;',
    '  Karpenter serves workloads that opt in to its pools (for example Spot capacity for batch work). The',
    '  autoscaler discovers only Auto Scaling groups tagged `k8s.io/cluster-autoscaler/<cluster>`, and',
    '  Karpenter\'s nodes belong to none. So that the two never add capacity for the same pod, validation',
    '  requires every NodePool to carry a `NoSchedule` (or `NoExecute`) taint while the autoscaler runs:',
    '  a pod lands on Karpenter capacity only if it tolerates the taint (and selects the pool\'s label).',
    '',
    'To opt a workload in to the `spot` pool of `dev`:',
    '',
    '```yaml',
    'tolerations: [{ key: eks-platform/capacity, value: spot, effect: NoSchedule }]',
    'nodeSelector: { eks-platform/capacity: spot }',
    '```',
    '',
    '## Managed node group: count and updates',
    '',
    '- **Node count.** EKS needs a desired count to create a node group, and CloudFormation sets it again',
    '  whenever the group\'s scaling settings change, scaling the group back to it under the autoscaler\'s',
    '  feet (pods evicted, then pending until the autoscaler scales out again). So the template carries',
    '  `DesiredSize` only while the environment sets `nodeGroup.desiredSize`. Set it for the deploy that',
    '  creates the group (the shipped files do, at `minSize`); once the group exists and the autoscaler',
    '  manages it, remove it from the file: CloudFormation then leaves the running count alone ("no action',
    '  occurs if you remove this parameter", EKS NodegroupScalingConfig), and later `minSize`/`maxSize`',
    '  changes apply without resetting it. Keep it where nothing autoscales the group. EKS refuses a',
    '  `minSize` above the running count: to raise the minimum past it, set `desiredSize` to the new',
    '  minimum for that deploy, then remove it again.',
    '- **Updates.** A new launch template version or AMI release replaces nodes one at a time',
    '  (`maxUnavailable: 1`) and drains them under the pods\' PodDisruptionBudgets. With',
    '  `nodeGroup.forceUpdate: false` (the default) a node that cannot be drained fails the update instead',
    '  of evicting past a budget; `true` restores EKS\'s force behaviour for an environment that prefers',
    '  finishing the update.',
    '',
    '## Karpenter',
    '',
    '- **Controller on Fargate.** The cluster\'s only Fargate profile selects the `karpenter` namespace, in',
    '  the private subnets, so the controller never runs on a node it could remove. It uses IRSA in both',
    '  identity modes (the Pod Identity agent is a DaemonSet, and Fargate runs none) and the VPC resolver',
    '  instead of CoreDNS, so it starts even when no node is up.',
    '- **Controller permissions** (`src/identity/karpenter-controller-policy.ts`): Karpenter\'s published',
    '  controller policy with this cluster\'s names, tightened: launches only into subnets and security',
    '  groups the EC2NodeClass selects (by their tags), every mutating EC2 and IAM call conditioned on',
    '  the cluster\'s ownership tags, `iam:PassRole` for the Karpenter node role only, its one queue.',
    '- **Nodes.** One EC2NodeClass `bottlerocket`: the pinned `bottlerocket@<release>` alias (the',
    '  architecture picks the image), the Karpenter node role (same policies as the node group\'s, with',
    '  an `EC2_LINUX` access entry), the private subnets and the workload security group (tagged',
    '  `karpenter.sh/discovery`) plus the EKS cluster security group (tagged `aws:eks:cluster-name` by',
    '  EKS), so Karpenter nodes reach the data services exactly like the node group\'s. IMDSv2 is required',
    '  with the configured hop limit; OS and data volumes are encrypted gp3; no public addresses.',
    '- **Interruptions.** An SQS queue (SQS-managed encryption, TLS required, 5-minute retention) receives',
    `  ${INTERRUPTION_EVENTS.map((e) => `"${e.detailType}"`).join(', ')} through`,
    '  one EventBridge rule each; Karpenter cordons and drains the node before AWS takes it.',
    '- **Deletion order.** The NodePools depend on the controller chart, so CloudFormation deletes them',
    '  first, while Karpenter still runs to drain and terminate their nodes.',
    '- **Pinned images.** `karpenter.amiVersion` pins the Bottlerocket release. `latest` is accepted only',
    '  where data is destroyed with the environment (`data.removalPolicy: destroy`): with it every release',
    '  replaces nodes through drift. A release older than the first with an image for the cluster\'s',
    '  Kubernetes version is refused.',
    '- **Spot service-linked role.** `AWSServiceRoleForEC2Spot` is account-wide and exists in every account',
    '  that ever launched Spot, so no stack creates it (creating it there fails, and a retained copy would',
    '  fail the next deploy after a teardown). The controller may create exactly that role, so EC2 creates',
    '  it on the first Spot launch when it is missing; the templates are the same in every account. Where',
    '  a service control policy denies `iam:CreateServiceLinkedRole`, create it once per account before the',
    '  first Spot launch (idempotent): `aws iam create-service-linked-role --aws-service-name spot.amazonaws.com',
    '  || true`. Without the role Karpenter warns on the NodeClaim ("failed due to',
    '  AuthFailure.ServiceLinkedRoleCreationNotPermitted") and treats Spot as unavailable, so a Spot-only',
    '  pool launches nothing.',
    '',
    '### NodePools',
    '',
    '| environment | NodePool | capacity, shape, limits, disruption, taints |',
    '|---|---|---|',
    ...(pools.length ? pools : ['| | (none) | |']),
    '',
  ].join('\n');
}
