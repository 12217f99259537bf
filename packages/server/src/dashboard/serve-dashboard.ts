import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { bearerTokenOf, type RequestAuthenticator } from '../auth/request-authenticator.js';
import { createAuthMiddleware } from '../http/auth-middleware.js';
import { createDashboardMiddleware } from '../http/dashboard-middleware.js';
import { composeMiddleware, type HttpContext } from '../http/http-middleware.js';
import { jsonRpcErrorCode, sendJsonRpcError } from '../http/json-rpc-error.js';
import { isLoopbackHost } from '../http/loopback-host.js';
import { createOriginGuardMiddleware } from '../http/origin-guard-middleware.js';
import { createRequestIdMiddleware, requestIdOf } from '../http/request-id-middleware.js';
import {
  createRequestOriginGuard,
  defaultAllowedHosts,
  defaultAllowedOrigins,
  formatHostForHeader,
} from '../http/request-origin-guard.js';
import { dashboardPath } from './dashboard-routes.js';
import type { Dashboard } from './dashboard-types.js';
import { listenServer } from '../http/listen-server.js';

export interface ServeDashboardOptions {
  dashboard: Dashboard;
  /** Default `127.0.0.1`. Another host needs `token`. */
  host?: string;
  /** Default 8766; 0 picks a free port. */
  port?: number;
  /**
   * The bearer token the page must send (the printed URL carries it after `#`, which browsers never
   * send to a server). `false`: no credentials, loopback only. Default: a fresh random one.
   */
  token?: string | false;
  /** The tenant whose view this is; it sees every tenant of the store. Default `default`. */
  localTenantId?: string;
  allowedHosts?: string[];
  logger?: (line: string) => void;
}

export interface DashboardServing {
  /** The page's address; with a token, the token after `#token=`. */
  url: string;
  close(): Promise<void>;
}

function tokenAuthenticator(token: string, tenantId: string): RequestAuthenticator {
  const expected = createHash('sha256').update(token).digest();
  return {
    authenticate(request) {
      const sent = bearerTokenOf(request);
      const matches =
        typeof sent === 'string' && timingSafeEqual(createHash('sha256').update(sent).digest(), expected);
      return Promise.resolve(
        matches
          ? { caller: { kind: 'local', tenantId, admin: true } }
          : {
              failure: {
                message:
                  'Unauthorized: open the address `exai dashboard` printed (it carries the token after #token=)',
              },
            },
      );
    },
  };
}

/** A fresh token for `serveDashboard`. */
export function generateDashboardToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Serves only the dashboard (`exai dashboard`): the same page and data routes as the daemon's
 * `/dashboard`, behind the same Host/Origin checks, with a per-run bearer token instead of API keys.
 * `/` redirects to the page; everything else is 404.
 */
export async function serveDashboard({
  dashboard,
  host = '127.0.0.1',
  port = 8766,
  token = generateDashboardToken(),
  localTenantId = 'default',
  allowedHosts,
  logger,
}: ServeDashboardOptions): Promise<DashboardServing> {
  if (token === false && !isLoopbackHost(host))
    throw new RangeError(
      `serving the dashboard on ${host} needs a token: without one only a loopback host is allowed`,
    );
  const log = (line: string) => logger?.(line);
  let handle = async ({ response }: HttpContext): Promise<void> =>
    sendJsonRpcError(response, { status: 503, code: jsonRpcErrorCode.transportError, message: 'starting' });
  const server = createServer((request, response) => {
    const context: HttpContext = {
      request,
      response,
      requestId: requestIdOf(request),
      pathname: (request.url ?? '/').split('?', 1)[0]!,
    };
    handle(context).catch((error: unknown) => {
      log(
        `exai: ${request.method} ${context.pathname} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (!response.headersSent)
        sendJsonRpcError(response, {
          status: 500,
          code: jsonRpcErrorCode.transportError,
          message: 'Internal error',
        });
      else response.end();
    });
  });
  const boundPort = await listenServer(server, port, host);
  const hosts = allowedHosts ?? defaultAllowedHosts(host, boundPort);
  const originGuard = createOriginGuardMiddleware({
    guard: createRequestOriginGuard({ allowedHosts: hosts, allowedOrigins: defaultAllowedOrigins(hosts) }),
    log,
  });
  const auth = createAuthMiddleware({
    authenticator: token === false ? undefined : tokenAuthenticator(token, localTenantId),
    localTenantId,
    log,
  });
  handle = composeMiddleware([
    createRequestIdMiddleware(),
    createDashboardMiddleware({ dashboard, originGuard, auth, authRequired: token !== false, log }),
    async ({ response, pathname }) => {
      if (pathname === '/') {
        response.writeHead(302, { location: dashboardPath });
        response.end();
        return;
      }
      sendJsonRpcError(response, {
        status: 404,
        code: jsonRpcErrorCode.transportError,
        message: `Not Found: the dashboard is at ${dashboardPath}`,
      });
    },
  ]);
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : formatHostForHeader(host);
  const url = `http://${urlHost}:${boundPort}${dashboardPath}${token === false ? '' : `#token=${token}`}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
