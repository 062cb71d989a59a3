/**
 * Instance classes the data services may use. Like the node group's list, it is closed: a class
 * outside it is a validation error naming the allowed ones, not a failed deployment an hour later.
 */
const sizes = (family: string, list: readonly string[]) => list.map((s) => `${family}.${s}`);
const MEMORY_SIZES = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'];

/** Aurora PostgreSQL (provisioned) classes supported by the pinned major version. */
export const AURORA_INSTANCE_CLASSES: readonly string[] = [
  'db.t4g.medium',
  'db.t4g.large',
  ...sizes('db.r6g', MEMORY_SIZES),
  ...sizes('db.r7g', MEMORY_SIZES),
  ...sizes('db.r6i', MEMORY_SIZES),
];

/** DocumentDB 5.0 instance classes. */
export const DOCUMENTDB_INSTANCE_CLASSES: readonly string[] = [
  'db.t3.medium',
  'db.t4g.medium',
  ...sizes('db.r6g', MEMORY_SIZES),
  ...sizes('db.r5', MEMORY_SIZES),
];

/** ElastiCache node types for Redis OSS 7 with encryption in transit and at rest. */
export const REDIS_NODE_TYPES: readonly string[] = [
  'cache.t4g.micro',
  'cache.t4g.small',
  'cache.t4g.medium',
  ...sizes('cache.m7g', ['large', 'xlarge', '2xlarge', '4xlarge']),
  ...sizes('cache.r7g', ['large', 'xlarge', '2xlarge', '4xlarge']),
];

/** A short description of a list for error messages. */
export function classHint(list: readonly string[]): string {
  const families = new Map<string, string[]>();
  for (const c of list) {
    const i = c.lastIndexOf('.');
    const f = c.slice(0, i);
    families.set(f, [...(families.get(f) ?? []), c.slice(i + 1)]);
  }
  return [...families].map(([f, s]) => `${f}.{${s.join('|')}}`).join(', ');
}
