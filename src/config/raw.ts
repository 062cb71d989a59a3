/** Reading an environment file before it is known to be valid: no field is trusted to exist or have its type. */
export type Raw = Record<string, any>;

/** The value as an object, or an empty one when it is anything else. */
export function obj(v: unknown): Raw {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : {};
}

/**
 * Stands in, for the cross-field rules, for a field whose own check failed (load.ts puts it in
 * place of the value). A rule sees neither the wrong value nor a default, so it stays silent and
 * the mistake is reported once, on its own field. It has no fields, is no string, number or array.
 */
export const INVALID: Raw = Object.freeze(Object.create(null, { toString: { value: () => '<invalid>' } }));

export function isInvalid(v: unknown): boolean {
  return v === INVALID;
}

/** The value of an optional field for a rule: its default when absent, undefined when its own check failed. */
export function orDefault<T>(v: unknown, fallback: T): unknown {
  return v === undefined ? fallback : isInvalid(v) ? undefined : v;
}
