const safeLabel = /^[A-Za-z0-9._:/-]{1,64}$/;

/**
 * Keeps a label's values bounded: the first `max` distinct values are kept as they are, every
 * later one (and anything not shaped like a name) becomes `other`. Tool, provider and model names
 * are few; a client that sends made-up ones cannot grow the series without limit.
 */
export function createBoundedLabel(max: number): (value: string) => string {
  const seen = new Set<string>();
  return (value) => {
    if (seen.has(value)) return value;
    if (!safeLabel.test(value) || seen.size >= max) return 'other';
    seen.add(value);
    return value;
  };
}
