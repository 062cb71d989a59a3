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
