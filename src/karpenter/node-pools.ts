/**
 * The EC2NodeClass and NodePool objects of one environment (Karpenter v1 API), built from the
 * model as plain data. The types come from the Karpenter API (@kubernetes-models/karpenter), so
 * a misspelled or misplaced field fails the type check; tests validate the objects against the
 * same package's schemas.
 */
import type { IEC2NodeClass } from '@kubernetes-models/karpenter/karpenter.k8s.aws/v1/EC2NodeClass';
import type { INodePool } from '@kubernetes-models/karpenter/karpenter.sh/v1/NodePool';
import { karpenterBottlerocketToml } from '../cluster/bottlerocket-settings';
import { KUBERNETES_ARCH } from '../config/instance-types';
import type { KarpenterModel, NodePoolConfig } from './resolve';

const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'eks-platform' };
const OS_DEVICE = '/dev/xvda';
const DATA_DEVICE = '/dev/xvdb';

type Requirement = INodePool['spec']['template']['spec']['requirements'][number];

export interface NodeSelection {
  readonly clusterName: string;
  readonly availabilityZones: readonly string[];
}

/**
 * Where Karpenter may put nodes and which groups they carry: the private subnets and the
 * workload security group (the network stack tags both `karpenter.sh/discovery`), plus the EKS
 * cluster security group, which EKS itself tags `aws:eks:cluster-name`. Karpenter's nodes thus
 * carry the same two groups as the managed node group's launch template.
 */
export function nodeClassObject(karpenter: KarpenterModel, clusterName: string): IEC2NodeClass {
  const { nodeClass, names } = karpenter;
  const ebs = (gib: number) => ({ volumeSize: `${gib}Gi`, volumeType: 'gp3' as const, encrypted: true, deleteOnTermination: true });
  return {
    apiVersion: 'karpenter.k8s.aws/v1',
    kind: 'EC2NodeClass',
    metadata: { name: names.nodeClass, labels: MANAGED_BY },
    spec: {
      role: names.nodeRole,
      amiSelectorTerms: [{ alias: karpenter.amiAlias }],
      subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': clusterName } }],
      securityGroupSelectorTerms: [{ tags: { 'karpenter.sh/discovery': clusterName } }, { tags: { 'aws:eks:cluster-name': clusterName } }],
      associatePublicIPAddress: false,
      metadataOptions: { httpEndpoint: 'enabled', httpProtocolIPv6: 'disabled', httpTokens: 'required', httpPutResponseHopLimit: nodeClass.metadataHopLimit },
      blockDeviceMappings: [
        { deviceName: OS_DEVICE, ebs: ebs(nodeClass.osVolumeGiB) },
        // Bottlerocket keeps images and containers on the data volume: it is the node's ephemeral storage.
        { deviceName: DATA_DEVICE, rootVolume: true, ebs: ebs(nodeClass.dataVolumeGiB) },
      ],
      userData: karpenterBottlerocketToml(),
      tags: { ...karpenter.tags },
    },
  };
}

function requirements(pool: NodePoolConfig, zones: readonly string[]): Requirement[] {
  const reqs: Requirement[] = [
    { key: 'kubernetes.io/arch', operator: 'In', values: [KUBERNETES_ARCH[pool.architecture]] },
    { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
    { key: 'karpenter.sh/capacity-type', operator: 'In', values: [...pool.capacityTypes] },
    // The subnets exist only in the environment's zones; saying so keeps scheduling honest.
    { key: 'topology.kubernetes.io/zone', operator: 'In', values: [...zones] },
  ];
  if (pool.instanceCategories) reqs.push({ key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: [...pool.instanceCategories] });
  if (pool.instanceFamilies) reqs.push({ key: 'karpenter.k8s.aws/instance-family', operator: 'In', values: [...pool.instanceFamilies] });
  if (pool.instanceSizes) reqs.push({ key: 'karpenter.k8s.aws/instance-size', operator: 'In', values: [...pool.instanceSizes] });
  if (pool.minGeneration !== undefined) reqs.push({ key: 'karpenter.k8s.aws/instance-generation', operator: 'Gt', values: [String(pool.minGeneration - 1)] });
  return reqs;
}

export function nodePoolObject(karpenter: KarpenterModel, pool: NodePoolConfig, selection: NodeSelection): INodePool {
  const { disruption } = pool;
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: pool.name, labels: MANAGED_BY },
    spec: {
      template: {
        metadata: { labels: { ...pool.labels } },
        spec: {
          nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: karpenter.names.nodeClass },
          requirements: requirements(pool, selection.availabilityZones),
          taints: pool.taints.map((t) => ({ key: t.key, effect: t.effect, ...(t.value !== undefined ? { value: t.value } : {}) })),
          expireAfter: disruption.expireAfter,
        },
      },
      limits: { cpu: String(pool.limits.cpu), memory: `${pool.limits.memoryGiB}Gi` },
      disruption: {
        consolidationPolicy: disruption.consolidationPolicy,
        consolidateAfter: disruption.consolidateAfter,
        budgets: disruption.budgets.map((b) => ({ ...b, ...(b.reasons ? { reasons: [...b.reasons] } : {}) })),
      },
      ...(pool.weight !== undefined ? { weight: pool.weight } : {}),
    },
  };
}

/** The EC2NodeClass first, then the NodePools that reference it (kubectl applies in this order). */
export function karpenterObjects(karpenter: KarpenterModel, selection: NodeSelection): Array<IEC2NodeClass | INodePool> {
  return [nodeClassObject(karpenter, selection.clusterName), ...karpenter.nodePools.map((p) => nodePoolObject(karpenter, p, selection))];
}
