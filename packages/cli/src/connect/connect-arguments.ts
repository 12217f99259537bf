import { CliUsageError } from '../output/cli-error.js';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Parses the `<url>` argument of `exai connect`: an absolute http(s) URL of the daemon's MCP endpoint. */
export function parseDaemonUrl(value: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new CliUsageError(
      `the <url> argument of exai connect must be an http:// or https:// URL of the daemon's MCP endpoint ` +
        `(for example http://127.0.0.1:8765/mcp), got "${value}".`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new CliUsageError(
      'the <url> argument of exai connect must not carry a user name or password; ' +
        'send a key with EXAI_API_KEY or --header "Authorization: Bearer …" instead.',
    );
  }
  return url;
}

/** Parses one `--header "Name: value"` option. */
export function parseHeaderOption(value: string): [name: string, value: string] {
  const colon = value.indexOf(':');
  const name = colon === -1 ? '' : value.slice(0, colon).trim();
  if (!HEADER_NAME.test(name)) {
    throw new CliUsageError(
      `--header expects "Name: value" (for example "Authorization: Bearer …"), got "${value}".`,
    );
  }
  const headerValue = value.slice(colon + 1).trim();
  if (/[\r\n\0]/.test(headerValue)) {
    throw new CliUsageError(`--header ${name}: the value must not contain line breaks.`);
  }
  return [name, headerValue];
}

/**
 * The HTTP headers sent with every request to the daemon: each `--header`, and
 * `Authorization: Bearer $EXAI_API_KEY` (else `$EXAI_CONNECT_TOKEN`) unless a `--header` already
 * sets Authorization.
 */
export function buildConnectHeaders({
  headerOptions = [],
  env = {},
}: {
  headerOptions?: readonly string[];
  env?: Record<string, string | undefined>;
}): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const option of headerOptions) {
    const [name, value] = parseHeaderOption(option);
    headers[name] = value;
  }
  const token = env.EXAI_API_KEY?.trim() || env.EXAI_CONNECT_TOKEN?.trim();
  const hasAuthorization = Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
  if (token && !hasAuthorization) headers.Authorization = `Bearer ${token}`;
  return headers;
}
