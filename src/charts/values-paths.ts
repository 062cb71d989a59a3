/**
 * Dotted paths of Helm values, shared by the values index (scripts/chart-values-index.ts) and the
 * check of the catalog's values against it. A key that contains a dot is quoted
 * (`serverFiles."alerting_rules.yml"`), so every path splits back into its keys.
 */

export function encodePath(keys: readonly string[]): string {
  return keys.map((k) => (/^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k))).join('.');
}

export function decodePath(path: string): string[] {
  const keys: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|([^.]+)/g;
  for (const m of path.matchAll(pattern)) keys.push(m[1] !== undefined ? JSON.parse(`"${m[1]}"`) : m[2]);
  return keys;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Every leaf path of a values tree: maps are walked, everything else (scalars, lists, empty maps)
 * is a leaf. `withMaps` also lists the paths of the maps on the way (for the index).
 */
export function valuePaths(values: unknown, withMaps = false, prefix: readonly string[] = []): string[] {
  if (!isMap(values) || (Object.keys(values).length === 0 && prefix.length > 0)) return prefix.length > 0 ? [encodePath(prefix)] : [];
  const out: string[] = withMaps && prefix.length > 0 ? [encodePath(prefix)] : [];
  for (const [key, child] of Object.entries(values)) out.push(...valuePaths(child, withMaps, [...prefix, key]));
  return out;
}
