import { redactedMarker } from './redact-secrets.js';

/**
 * Query parameter names whose values are credentials: `api_key`, `api-key`, `apikey`, `key`,
 * `access_token`, `token`, `secret`, `password`, `sig`/`signature` (signed URLs), `auth`, ….
 */
const secretParameterPattern =
  /(?:^|[-_.])(?:key|apikey|token|secret|password|passwd|pwd|auth|authorization|sig|signature|credentials?|session)$/i;

/** Whether a query parameter's value should be kept out of error messages. */
export function isSecretParameterName(name: string): boolean {
  return secretParameterPattern.test(name);
}

/**
 * The URL of a request as it may appear in errors and logs: without `user:password@`, and with
 * the values of key-like query parameters replaced by `[REDACTED]`. A URL with neither is
 * returned as it is (the common case costs no allocation).
 */
export function toSafeUrl(url: string, parsed: URL): string {
  const { search } = parsed;
  if (parsed.username === '' && parsed.password === '' && search === '') return url;
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}${redactQuery(search)}`;
}

function redactQuery(search: string): string {
  if (search.length <= 1) return '';
  const pairs = search.slice(1).split('&');
  for (let index = 0; index < pairs.length; index++) {
    const pair = pairs[index]!;
    const equals = pair.indexOf('=');
    if (equals === -1 || equals === pair.length - 1) continue;
    if (isSecretParameterName(decodeComponent(pair.slice(0, equals).replace(/\+/g, ' ')))) {
      pairs[index] = `${pair.slice(0, equals + 1)}${redactedMarker}`;
    }
  }
  return `?${pairs.join('&')}`;
}

/**
 * The credentials a URL carries — its userinfo and the values of key-like query parameters —
 * so they can be redacted from whatever the upstream echoes back.
 */
export function collectUrlSecrets(parsed: URL): string[] {
  const secrets: string[] = [];
  if (parsed.username !== '') secrets.push(decodeComponent(parsed.username));
  if (parsed.password !== '') secrets.push(decodeComponent(parsed.password));
  if (parsed.search !== '') {
    for (const [name, value] of parsed.searchParams) {
      if (value !== '' && isSecretParameterName(name)) secrets.push(value);
    }
  }
  return secrets;
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
