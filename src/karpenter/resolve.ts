/**
 * Karpenter as one environment configures it (SPEC section 4): the names of its pieces, the
 * pinned Bottlerocket alias, the EC2NodeClass settings and the NodePools.
 */
import type { EnvironmentConfig } from '../config/schema';
import { karpenterNames, type KarpenterNames } from './names';

type KarpenterConfig = NonNullable<EnvironmentConfig['karpenter']>;
export type NodePoolConfig = KarpenterConfig['nodePools'][number];

export interface KarpenterModel {
  readonly names: KarpenterNames;
  /** The EC2NodeClass AMI alias, `bottlerocket@<release>`. */
  readonly amiAlias: string;
  readonly nodeClass: KarpenterConfig['nodeClass'];
  readonly nodePools: readonly NodePoolConfig[];
  /** Tags on every instance, volume and network interface Karpenter launches. */
  readonly tags: Readonly<Record<string, string>>;
}

export function resolveKarpenter(
  env: EnvironmentConfig,
  tags: Readonly<Record<string, string>>,
): KarpenterModel | undefined {
  const config = env.karpenter;
  if (!config?.enabled) return undefined;
  return {
    names: karpenterNames(env.cluster.name),
    amiAlias: `bottlerocket@${config.amiVersion}`,
    nodeClass: config.nodeClass,
    nodePools: config.nodePools,
    tags,
  };
}
