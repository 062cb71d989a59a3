/** "Did you mean": the known names closest to a misspelt one, by edit distance. */

/** Levenshtein distance (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The known names nearest to `word` (ties kept, at most `limit`), when they are near enough to be
 * a plausible misspelling: within a third of the word's length, and at least 2 edits allowed.
 */
export function closest(word: string, known: Iterable<string>, limit = 3): string[] {
  const scored = [...known].map((name) => ({ name, d: editDistance(word.toLowerCase(), name.toLowerCase()) }));
  const best = Math.min(...scored.map((s) => s.d));
  if (!Number.isFinite(best) || best > Math.max(2, Math.ceil(word.length / 3))) return [];
  return scored
    .filter((s) => s.d <= best + 1 && s.d <= Math.max(2, Math.ceil(word.length / 3)))
    .sort((x, y) => x.d - y.d || x.name.localeCompare(y.name))
    .slice(0, limit)
    .map((s) => s.name);
}

/** " Did you mean a, b or c?", or nothing. */
export function didYouMean(word: string, known: Iterable<string>, limit = 3): string {
  const names = closest(word, known, limit);
  if (names.length === 0) return '';
  const quoted = names.map((n) => `"${n}"`);
  return ` Did you mean ${quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`}?`;
}
