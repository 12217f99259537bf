/**
 * Levenshtein distance. Hand-written: twenty lines do not justify a dependency in core, and the
 * inputs are short model names.
 */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Something to suggest (`label`) and the names that lead to it. */
export interface SuggestionCandidate {
  label: string;
  names: readonly string[];
}

/**
 * Labels of the candidates close to `wanted`: within an edit distance of a third of its length
 * (at least 2), or containing it / contained in it (for names of 3+ characters). Closest first,
 * then alphabetical.
 */
export function suggestModelNames(
  wanted: string,
  candidates: readonly SuggestionCandidate[],
  limit = 5,
): string[] {
  const needle = wanted.trim().toLowerCase();
  const maxDistance = Math.max(2, Math.floor(needle.length / 3));
  const scored: Array<{ label: string; distance: number }> = [];
  for (const { label, names } of candidates) {
    let best = Infinity;
    for (const name of names.map((n) => n.toLowerCase())) {
      const distance = editDistance(needle, name);
      const related =
        needle.length >= 3 && name.length >= 3 && (name.includes(needle) || needle.includes(name));
      if (distance <= maxDistance || related) best = Math.min(best, distance);
    }
    if (best !== Infinity) scored.push({ label, distance: best });
  }
  scored.sort((a, b) => a.distance - b.distance || a.label.localeCompare(b.label));
  return [...new Set(scored.map((entry) => entry.label))].slice(0, limit);
}
