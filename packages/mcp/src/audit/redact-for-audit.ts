/**
 * Redaction for what is stored in the audit log. Tool arguments are kept only as a shape a person
 * can audit — which model, which files by path, which thread, which switches — never as content:
 * - a value under a secret-sounding key (`apiKey`, `token`, `secret`, `password`, `authorization`,
 *   `cookie`, `credential`, …) becomes `[redacted]`;
 * - a string that looks like a secret anywhere (a `Bearer …` or `Basic …` credential, a JWT, an
 *   `sk-…`/`ghp_…`/`xox…`-style key, a long run of key-like characters) becomes `[redacted]`;
 * - any other string longer than `MAX_KEPT_STRING` characters (prompts, findings, file contents,
 *   pasted code) becomes `[N characters]`;
 * - nesting deeper than `MAX_DEPTH` and arrays past `MAX_ITEMS` entries are cut, and say so.
 */
export const MAX_KEPT_STRING = 120;
const MAX_DEPTH = 4;
const MAX_ITEMS = 20;

const secretKey =
  /(api[-_]?key|token|secret|passw(or)?d|authori[sz]ation|cookie|credential|private[-_]?key|session[-_]?id)/i;

const secretPatterns: readonly RegExp[] = [
  /\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}/i,
  /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/, // JWT
  /\b(sk|pk|rk)-[A-Za-z0-9_-]{12,}/, // OpenAI-style and similar keys
  /\b(ghp|gho|ghu|ghs|github_pat|xox[abprs]|AKIA|exai)_?[A-Za-z0-9_-]{12,}/,
  /\b(?=[A-Za-z0-9]*[0-9])(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{32,}\b/, // a long run of letters and digits
];

/** Whether a text contains something that looks like a credential. */
export function looksSecret(text: string): boolean {
  return secretPatterns.some((pattern) => pattern.test(text));
}

/** Replaces every credential-looking part of a text (for log lines and error messages). */
export function redactSecrets(text: string): string {
  let redacted = text;
  for (const pattern of secretPatterns) {
    redacted = redacted.replace(
      new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`),
      '[redacted]',
    );
  }
  return redacted;
}

/** Tool arguments (or any JSON-like value) reduced to what an audit record may hold. */
export function redactForAudit(value: unknown, depth = 0): unknown {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'string') {
    if (looksSecret(value)) return '[redacted]';
    return value.length > MAX_KEPT_STRING ? `[${value.length} characters]` : value;
  }
  if (typeof value !== 'object') return `[${typeof value}]`;
  if (depth >= MAX_DEPTH) return '[nested too deep]';
  if (Array.isArray(value)) {
    const kept = value.slice(0, MAX_ITEMS).map((item) => redactForAudit(item, depth + 1));
    if (value.length > MAX_ITEMS) kept.push(`[${value.length - MAX_ITEMS} more]`);
    return kept;
  }
  const redacted: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    redacted[key] =
      secretKey.test(key) && item !== undefined && item !== null
        ? '[redacted]'
        : redactForAudit(item, depth + 1);
  }
  return redacted;
}
