/** IPv4 CIDR arithmetic for validation: parsing, containment and overlap. */
export interface Cidr {
  readonly network: number;
  readonly prefix: number;
  readonly size: number;
}

export function parseCidr(text: string): Cidr | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  // A CIDR whose address has host bits set (10.0.0.1/16) is almost always a typo.
  if (address % size !== 0) return undefined;
  return { network: address, prefix, size };
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.network < b.network + b.size && b.network < a.network + a.size;
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.network >= outer.network && inner.network + inner.size <= outer.network + outer.size;
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((c) => parseCidr(c)!);

export function isRfc1918(c: Cidr): boolean {
  return PRIVATE_RANGES.some((r) => contains(r, c));
}

/** RFC 6598 shared address space, which VPCs accept and EKS users often pick for pods. */
const SHARED_ADDRESS_SPACE = parseCidr('100.64.0.0/10')!;

/** Address space a VPC block may use: RFC 1918 or RFC 6598. */
export function isVpcAddressSpace(c: Cidr): boolean {
  return isRfc1918(c) || contains(SHARED_ADDRESS_SPACE, c);
}

export function formatCidr(c: Cidr): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(c.network / 2 ** shift) % 256);
  return `${octets.join('.')}/${c.prefix}`;
}

/** Carve `count` consecutive blocks of `/prefix` starting at the first aligned address at or after `startAddress`. */
export function carve(base: Cidr, prefix: number, count: number, startAddress = base.network): Cidr[] {
  const size = 2 ** (32 - prefix);
  const first = Math.ceil(startAddress / size) * size;
  return Array.from({ length: count }, (_, i) => ({ network: first + i * size, prefix, size }));
}

/** The n-th address of a block, as dotted quad. */
export function nthAddress(c: Cidr, n: number): string {
  return formatCidr({ ...c, network: c.network + n }).split('/')[0];
}
