export const redactedMarker = '[REDACTED]';

/** Secrets shorter than this are not replaced literally: they would match ordinary text. */
const minLiteralSecretLength = 8;

const bearerPattern = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9\-._~+/]+=*/gi;

// Key shapes of common model providers: `sk-…`, `sk-ant-…`, `sk-proj-…`, `xai-…`, `gsk_…`, `AIza…`.
const keyPattern = /\b(?:sk|rk|xai|gsk)[-_][A-Za-z0-9\-_]{16,}|\bAIza[A-Za-z0-9\-_]{30,}/g;

// `api_key=…`, `"apiKey": "…"`, `Authorization: …`, `x-api-key: …`, `access_token=…`, `client_secret=…`.
const keyValuePattern =
  /((?:api[-_]?key|x-api-key|authorization|access[-_]?token|refresh[-_]?token|client[-_]?secret|password|secret[-_]?key)["']?\s*[:=]\s*["']?)([^\s"'&,;}\]]+)/gi;

// `https://user:password@host/…`: the userinfo of a URL.
const urlUserinfoPattern = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi;

/**
 * Removes credentials from text meant for error messages and logs: bearer/basic tokens, provider API
 * keys (`sk-…` and similar), values of `api_key` / `apiKey` / `authorization`-like fields, the
 * `user:password@` of URLs, and any of `secrets` given literally (e.g. the request's own
 * `Authorization` value).
 */
export function redactSecrets(text: string, secrets?: readonly string[]): string {
  let result = text;
  if (secrets !== undefined) {
    for (const secret of secrets) {
      if (secret.length >= minLiteralSecretLength && result.includes(secret)) {
        result = result.split(secret).join(redactedMarker);
      }
    }
  }
  return result
    .replace(urlUserinfoPattern, `$1${redactedMarker}@`)
    .replace(bearerPattern, `$1 ${redactedMarker}`)
    .replace(keyPattern, redactedMarker)
    .replace(keyValuePattern, (match: string, prefix: string, value: string) =>
      value.startsWith(redactedMarker) || /^(Bearer|Basic|Token)$/i.test(value)
        ? match
        : `${prefix}${redactedMarker}`,
    );
}

/** Header names whose values are credentials. */
const secretHeaderNames = new Set([
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'api-key',
  'x-goog-api-key',
]);

/**
 * The credential values in a request's headers, and for `Bearer x` / `Basic x` also `x` alone, so
 * they can be redacted from whatever the upstream echoes back.
 */
export function collectHeaderSecrets(headers: Record<string, string> | undefined): string[] {
  const secrets: string[] = [];
  if (headers === undefined) return secrets;
  for (const name in headers) {
    if (!secretHeaderNames.has(name.toLowerCase())) continue;
    const value = headers[name];
    if (!value) continue;
    secrets.push(value);
    const space = value.indexOf(' ');
    if (space > 0) secrets.push(value.slice(space + 1).trim());
  }
  return secrets;
}
