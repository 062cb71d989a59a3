/** Reading an environment file before it is known to be valid: no field is trusted to exist or have its type. */
export type Raw = Record<string, any>;

/** The value as an object, or an empty one when it is anything else. */
export function obj(v: unknown): Raw {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : {};
}
