/**
 * Redaction for the detail of audit records that exai composes itself (counts and settings of an
 * administrative action). Tool arguments carry what users send and go through the stricter
 * `redactToolArguments` instead, which keeps no text but names, ids, paths and options.
 * - a value under a secret-sounding key (`apiKey`, `token`, `secret`, `password`, `authorization`,
 *   `cookie`, `credential`, …) becomes `[redacted]`;
 * - a string that looks like a secret anywhere (a `Bearer …` or `Basic …` credential, a JWT, an
 *   `sk-…`/`ghp_…`/`xox…`-style key, a long run of key-like characters) becomes `[redacted]`;
 * - any other string longer than `MAX_KEPT_STRING` characters becomes `[N characters]`;
 * - nesting deeper than `AUDIT_MAX_DEPTH` and arrays past `AUDIT_MAX_ITEMS` entries are cut, and
 *   say so.
 */
export const MAX_KEPT_STRING = 120;
export const AUDIT_MAX_DEPTH = 4;
export const AUDIT_MAX_ITEMS = 20;

const secretKey =
  /(api[-_]?key|token|secret|passw(or)?d|authori[sz]ation|cookie|credential|private[-_]?key|session[-_]?id)/i;

/** Whether a field's name says it holds a credential (`apiKey`, `password`, `Authorization`, …). */
export function isSecretKey(key: string): boolean {
  return secretKey.test(key);
}

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

/** Detail exai composes (not tool arguments: see `redactToolArguments`) reduced to what an audit record may hold. */
export function redactForAudit(value: unknown): unknown {
  return redactTree(value, (text) =>
    looksSecret(text) ? '[redacted]' : text.length > MAX_KEPT_STRING ? `[${text.length} characters]` : text,
  );
}

/**
 * The walk both redactions share: numbers, booleans and null kept; a string as `redactString`
 * says, given its path (`models[].model`: `[]` is any item of an array); a value under a
 * secret-sounding key `[redacted]`; nesting past `AUDIT_MAX_DEPTH` and arrays past
 * `AUDIT_MAX_ITEMS` cut, saying so.
 */
export function redactTree(
  value: unknown,
  redactString: (text: string, path: string) => string,
  path = '',
  depth = 0,
): unknown {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'string') return redactString(value, path);
  if (typeof value !== 'object') return `[${typeof value}]`;
  if (depth >= AUDIT_MAX_DEPTH) return '[nested too deep]';
  if (Array.isArray(value)) {
    const kept = value
      .slice(0, AUDIT_MAX_ITEMS)
      .map((item) => redactTree(item, redactString, `${path}[]`, depth + 1));
    if (value.length > AUDIT_MAX_ITEMS) kept.push(`[${value.length - AUDIT_MAX_ITEMS} more]`);
    return kept;
  }
  const redacted: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    redacted[key] =
      isSecretKey(key) && item !== undefined && item !== null
        ? '[redacted]'
        : redactTree(item, redactString, path === '' ? key : `${path}.${key}`, depth + 1);
  }
  return redacted;
}
