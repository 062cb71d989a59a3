/**
 * From zod's issues to the problems a user reads: every issue on the path of its field, an
 * unknown field with the closest known names, a missing section with what it holds. And the
 * copy of the file the cross-field rules read, in which every field that failed its own check is
 * INVALID, so that no rule compares it (one mistake, one problem).
 */
import type { z } from 'zod';
import type { ConfigProblem } from './problem';
import { INVALID } from './raw';
import { didYouMean } from './suggest';

type Issue = z.core.$ZodIssue;
type Schema = z.core.$ZodType;

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

/** The schema of the field at `path` (wrappers such as optional and default looked through). */
const WRAPPERS = ['optional', 'default', 'nullable', 'prefault', 'readonly', 'nonoptional'];

function schemaAt(root: Schema, path: ReadonlyArray<PropertyKey>): Schema | undefined {
  const unwrap = (n: any) => {
    while (n && WRAPPERS.includes(n._zod.def.type)) n = n._zod.def.innerType;
    return n as Schema | undefined;
  };
  let node = unwrap(root);
  for (const key of path) {
    const def = (node as any)?._zod.def;
    if (def?.type === 'object') node = unwrap(def.shape[key as string]);
    else if (def?.type === 'array') node = unwrap(def.element);
    else if (def?.type === 'record') node = unwrap(def.valueType);
    else return undefined;
  }
  return node;
}

function describe(schema: Schema | undefined): string | undefined {
  return (schema as any)?.description;
}

/** The field names allowed at `path`: an object's fields, or the keys of a record keyed by an enum (charts, addons). */
function knownKeys(root: Schema, path: ReadonlyArray<PropertyKey>): string[] {
  const def = (schemaAt(root, path) as any)?._zod.def;
  if (def?.type === 'object') return Object.keys(def.shape);
  if (def?.type === 'record' && def.keyType?._zod.def.type === 'enum') return Object.values(def.keyType._zod.def.entries);
  return [];
}

/** The problems of one zod issue, each on its field's path. */
export function problemsOfIssue(root: Schema, issue: Issue): ConfigProblem[] {
  const base = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(root, issue.path);
    return issue.keys.map((key) => ({
      path: base ? `${base}.${key}` : key,
      message: `unknown field.${didYouMean(key, known) || ` Known fields here: ${known.join(', ')}.`} (docs/configuration.md)`,
    }));
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    const what = describe(schemaAt(root, issue.path));
    const fields = knownKeys(root, issue.path);
    const kind = issue.path.length === 1 ? 'section' : 'field';
    return [{
      path: base || '(file)',
      message: `required ${kind} "${String(issue.path[issue.path.length - 1] ?? '')}" is missing${what ? `: ${what.replace(/\.$/, '')}` : ''}${fields.length ? `; it holds ${fields.join(', ')}` : ''} (docs/configuration.md)`,
    }];
  }
  if (issue.code === 'invalid_key') {
    return [{ path: base || '(file)', message: issue.issues.map((i) => i.message).join('; ') }];
  }
  return [{ path: base || '(file)', message: issue.message }];
}

/** A copy of `data` in which each field with an issue of its own is INVALID (unknown fields stay: no rule reads them). */
export function withInvalidFields(data: unknown, issues: readonly Issue[]): unknown {
  if (data === null || typeof data !== 'object') return data;
  const copy = structuredClone(data) as Record<PropertyKey, unknown>;
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys' || issue.path.length === 0) continue;
    let parent: any = copy;
    for (const key of issue.path.slice(0, -1)) {
      parent = parent?.[key as any];
      if (parent === null || typeof parent !== 'object') break;
    }
    if (parent !== null && typeof parent === 'object' && parent !== INVALID) parent[issue.path[issue.path.length - 1] as any] = INVALID;
  }
  return copy;
}
