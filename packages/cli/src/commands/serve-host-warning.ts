/** Whether `host` is reachable from this machine only. */
function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

const wildcardHosts = new Set(['0.0.0.0', '::', '[::]']);

/**
 * The start-up warning of `exai serve --http --host <host>`, or `undefined` for a loopback host:
 * others can reach it without authentication, and on a wildcard address clients are refused until
 * the names they use are allowed.
 */
export function describeServeHostWarning({
  host,
  allowedHosts,
}: {
  host: string;
  allowedHosts: readonly string[] | undefined;
}): string | undefined {
  if (isLoopbackHost(host)) return undefined;
  const warning =
    `exai: warning: listening on ${host}, reachable from other machines, and there is no authentication ` +
    'yet: anyone who can reach it can use your provider keys. Bind 127.0.0.1 or put an authenticating proxy in front.';
  if (!wildcardHosts.has(host) || allowedHosts !== undefined) return warning;
  return (
    `${warning} Only the loopback names are allowed in the Host header so far: allow the names clients ` +
    'use with --allowed-hosts (for example --allowed-hosts mcp.example.com), or they get 403.'
  );
}
