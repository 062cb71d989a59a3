/**
 * Instance types the node group may use (SPEC section 4), with their CPU architecture.
 * The list is deliberately closed: a type outside it is a validation error, not a guess.
 */
export type Architecture = 'x86_64' | 'arm64';

const SIZES_SMALL_TO_2XL = ['small', 'medium', 'large', 'xlarge', '2xlarge'];
const SIZES_LARGE_TO_24XL = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge'];

function family(name: string, sizes: string[], arch: Architecture): Array<[string, Architecture]> {
  return sizes.map((size) => [`${name}.${size}`, arch]);
}

/** Allowed instance type → architecture. */
export const ALLOWED_INSTANCE_TYPES: ReadonlyMap<string, Architecture> = new Map([
  ...family('t3', SIZES_SMALL_TO_2XL, 'x86_64'),
  ...family('t3a', SIZES_SMALL_TO_2XL, 'x86_64'),
  ...family('t4g', ['xlarge', '2xlarge'], 'arm64'),
  ...family('m5', SIZES_LARGE_TO_24XL, 'x86_64'),
  ...family('m5a', SIZES_LARGE_TO_24XL, 'x86_64'),
  ['m6a.xlarge', 'x86_64'],
  ...family('c5', SIZES_LARGE_TO_24XL, 'x86_64'),
  ...family('r5', SIZES_LARGE_TO_24XL, 'x86_64'),
]);

/** The Bottlerocket managed node group AMI type for each architecture. */
export const BOTTLEROCKET_AMI_TYPE: Record<Architecture, 'BOTTLEROCKET_x86_64' | 'BOTTLEROCKET_ARM_64'> = {
  x86_64: 'BOTTLEROCKET_x86_64',
  arm64: 'BOTTLEROCKET_ARM_64',
};

/** A short description of the allowed list, for error hints. */
export const ALLOWED_INSTANCE_TYPES_HINT =
  't3/t3a small..2xlarge, t4g xlarge|2xlarge (arm64), m5/m5a large..24xlarge, m6a.xlarge, c5 large..24xlarge, r5 large..24xlarge';

/**
 * Karpenter chooses among many instance types, so its NodePools name instance categories, families
 * and sizes rather than types. The lists are closed so that a typo is an error, not a NodePool
 * that can never launch anything: current-generation general purpose (m), compute (c), memory (r)
 * and burstable (t) families. A family whose generation digit is followed by `g` is Graviton.
 */
export const KARPENTER_INSTANCE_CATEGORIES = ['c', 'm', 'r', 't'] as const;
export type InstanceCategory = (typeof KARPENTER_INSTANCE_CATEGORIES)[number];

const KARPENTER_FAMILY_NAMES = [
  'c5', 'c5a', 'c5ad', 'c5d', 'c5n', 'c6a', 'c6g', 'c6gd', 'c6gn', 'c6i', 'c6id', 'c6in', 'c7a', 'c7g', 'c7gd', 'c7gn', 'c7i', 'c7i-flex', 'c8g', 'c8gd', 'c8gn', 'c8i',
  'm5', 'm5a', 'm5ad', 'm5d', 'm5dn', 'm5n', 'm5zn', 'm6a', 'm6g', 'm6gd', 'm6i', 'm6id', 'm6idn', 'm6in', 'm7a', 'm7g', 'm7gd', 'm7i', 'm7i-flex', 'm8g', 'm8gd', 'm8i',
  'r5', 'r5a', 'r5ad', 'r5b', 'r5d', 'r5dn', 'r5n', 'r6a', 'r6g', 'r6gd', 'r6i', 'r6id', 'r6idn', 'r6in', 'r7a', 'r7g', 'r7gd', 'r7i', 'r7iz', 'r8g', 'r8gd', 'r8i',
  't3', 't3a', 't4g',
];

export interface InstanceFamily {
  readonly category: InstanceCategory;
  readonly generation: number;
  readonly architecture: Architecture;
}

/** Allowed Karpenter instance family → its category, generation and architecture. */
export const KARPENTER_INSTANCE_FAMILIES: ReadonlyMap<string, InstanceFamily> = new Map(
  KARPENTER_FAMILY_NAMES.map((name) => {
    const [, category, generation, suffix] = /^([a-z])(\d)(.*)$/.exec(name)!;
    return [name, { category: category as InstanceCategory, generation: Number(generation), architecture: suffix.startsWith('g') ? 'arm64' : 'x86_64' }];
  }),
);

/** Instance sizes a NodePool may name (karpenter.k8s.aws/instance-size). */
export const KARPENTER_INSTANCE_SIZES = [
  'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge', '3xlarge', '4xlarge', '6xlarge', '8xlarge', '9xlarge', '12xlarge', '16xlarge', '18xlarge', '24xlarge', '32xlarge', '48xlarge',
] as const;

/** Kubernetes' name of each architecture (the kubernetes.io/arch label). */
export const KUBERNETES_ARCH: Record<Architecture, 'amd64' | 'arm64'> = { x86_64: 'amd64', arm64: 'arm64' };

/**
 * Sizes a category offers where it is narrower than the whole list (EC2 "Instance type
 * specifications": the burstable T3, T3a and T4g families run nano to 2xlarge; no general purpose,
 * compute or memory family of generation 5 or later has a micro or small size). Other gaps of single
 * families (m5 has no medium, c7a has one) are not modelled: a pool naming such a size still
 * matches the family's other sizes.
 */
const NOT_OFFERED: Record<InstanceCategory, readonly string[]> = {
  t: ['3xlarge', '4xlarge', '6xlarge', '8xlarge', '9xlarge', '12xlarge', '16xlarge', '18xlarge', '24xlarge', '32xlarge', '48xlarge'],
  c: ['micro', 'small'],
  m: ['micro', 'small'],
  r: ['micro', 'small'],
};

export function categoryOffersSize(category: InstanceCategory, size: string): boolean {
  return !NOT_OFFERED[category].includes(size);
}

/** What a NodePool requires of an instance; an absent field requires nothing. */
export interface PoolRequirements {
  readonly architecture?: Architecture;
  readonly instanceCategories?: readonly string[];
  readonly instanceFamilies?: readonly string[];
  readonly minGeneration?: number;
  readonly instanceSizes?: readonly string[];
}

/** The known families that satisfy every requirement of a pool (with at least one of its sizes). */
export function matchingFamilies(req: PoolRequirements): string[] {
  return [...KARPENTER_INSTANCE_FAMILIES].filter(
    ([name, f]) =>
      (req.architecture === undefined || f.architecture === req.architecture) &&
      (req.instanceCategories === undefined || req.instanceCategories.includes(f.category)) &&
      (req.instanceFamilies === undefined || req.instanceFamilies.includes(name)) &&
      (req.minGeneration === undefined || f.generation >= req.minGeneration) &&
      (req.instanceSizes === undefined || req.instanceSizes.some((s) => categoryOffersSize(f.category, s))),
  ).map(([name]) => name);
}
