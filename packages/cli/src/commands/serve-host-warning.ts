import { isLoopbackHost } from '@exai/server';

const wildcardHosts = new Set(['0.0.0.0', '::', '[::]']);

/**
 * The start-up warning of `exai serve --http --host <host>`, or `undefined` for a loopback host:
 * others can reach it (with credentials: `--no-auth` is refused there), and on a wildcard address
 * clients are refused until the names they use are allowed.
 */
export function describeServeHostWarning({
  host,
  allowedHosts,
  tls = false,
}: {
  host: string;
  allowedHosts: readonly string[] | undefined;
  /** Whether the daemon serves HTTPS itself (`--tls-cert`). */
  tls?: boolean;
}): string | undefined {
  if (isLoopbackHost(host)) return undefined;
  const hostNames =
    'Only the loopback names are allowed in the Host header so far: allow the names clients ' +
    'use with --allowed-hosts (for example --allowed-hosts mcp.example.com), or they get 403.';
  const needsHostNames = wildcardHosts.has(host) && allowedHosts === undefined;
  if (tls) return needsHostNames ? `exai: warning: ${hostNames}` : undefined;
  const warning =
    `exai: warning: listening on ${host}, reachable from other machines: every request needs credentials; ` +
    'serve HTTPS (--tls-cert, --tls-key) or put a TLS-terminating ingress in front, so keys never cross the network in clear.';
  return needsHostNames ? `${warning} ${hostNames}` : warning;
}
