import type { IncomingMessage } from 'node:http';

const loopbackNames = ['localhost', '127.0.0.1', '[::1]'];
const wildcardHosts = new Set(['0.0.0.0', '::', '[::]', '']);

/** `host` as it appears in a `Host` header: IPv6 addresses in brackets. */
export function formatHostForHeader(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** The default `Host` allow-list: the loopback names, and the bound host unless it is a wildcard. */
export function defaultAllowedHosts(host: string, port: number): string[] {
  const names = [...loopbackNames];
  const bound = formatHostForHeader(host).toLowerCase();
  if (!wildcardHosts.has(host) && !names.includes(bound)) names.push(bound);
  return names.map((name) => `${name}:${port}`);
}

/** The default `Origin` allow-list: `http://` and `https://` before each allowed host. */
export function defaultAllowedOrigins(allowedHosts: readonly string[]): string[] {
  return allowedHosts.flatMap((host) => [`http://${host}`, `https://${host}`]);
}

export type RequestOriginGuard = (request: IncomingMessage) => string | undefined;

/**
 * DNS-rebinding protection: checks `Host` against `allowedHosts` (entries without a port match any
 * port) and, when present, `Origin` against `allowedOrigins`. Returns why a request is refused, or
 * `undefined` when it may pass.
 */
export function createRequestOriginGuard({
  allowedHosts,
  allowedOrigins,
}: {
  allowedHosts: readonly string[];
  allowedOrigins: readonly string[];
}): RequestOriginGuard {
  const exactHosts = new Set(allowedHosts.map((host) => host.toLowerCase()));
  const anyPortHosts = new Set(
    allowedHosts.filter((host) => !/:\d+$/.test(host)).map((host) => host.toLowerCase()),
  );
  const origins = new Set(allowedOrigins.map((origin) => withDefaultPort(origin)));
  const hostList = allowedHosts.join(', ');
  const originList = allowedOrigins.join(', ');

  return function checkRequestOrigin(request) {
    // Clients leave the default port out: `Host: localhost` is port 80 (this server speaks plain HTTP).
    const host = request.headers.host?.toLowerCase().replace(/^(\[[^\]]*\]|[^:]*)$/, '$1:80');
    if (host === undefined || !(exactHosts.has(host) || anyPortHosts.has(host.replace(/:\d+$/, '')))) {
      return (
        `Forbidden: Host header ${JSON.stringify(request.headers.host ?? '')} is not allowed ` +
        `(DNS-rebinding protection); allowed hosts: ${hostList}. To accept it, start the server with ` +
        '--allowed-hosts (exai serve --http) or pass allowedHosts (serveHttp)'
      );
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !origins.has(withDefaultPort(origin))) {
      return (
        `Forbidden: Origin header ${JSON.stringify(origin)} is not allowed ` +
        `(DNS-rebinding protection); allowed origins: ${originList || 'none'}. To accept it, start the ` +
        'server with --allowed-origins (exai serve --http) or pass allowedOrigins (serveHttp)'
      );
    }
    return undefined;
  };
}

/** An origin in lower case, with its scheme's default port when it names none (`http://a` → `http://a:80`). */
function withDefaultPort(origin: string): string {
  const normalized = origin.toLowerCase().replace(/\/+$/, '');
  const match = /^(https?):\/\/(\[[^\]]*\]|[^:/]*)$/.exec(normalized);
  if (match === null) return normalized;
  return `${normalized}:${match[1] === 'https' ? 443 : 80}`;
}
