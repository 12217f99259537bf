import type { ServerResponse } from 'node:http';
import type { HttpContext } from '../http/http-middleware.js';
import { sendJson, sendJsonRpcError, jsonRpcErrorCode } from '../http/json-rpc-error.js';
import { createDashboardAssets } from './dashboard-assets.js';
import { streamSnapshots } from './dashboard-event-stream.js';
import type { Dashboard, DashboardScope } from './dashboard-types.js';

export const dashboardPath = '/dashboard';
const apiPrefix = `${dashboardPath}/api/`;
const assetsPrefix = `${dashboardPath}/assets/`;

/** The page runs only its own files; data comes from this origin only. */
const pageSecurityHeaders = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

export function isDashboardPath(pathname: string): boolean {
  return pathname === dashboardPath || pathname.startsWith(`${dashboardPath}/`);
}

export function isDashboardDataPath(pathname: string): boolean {
  return pathname.startsWith(apiPrefix);
}

/** An admin sees every tenant, unless acting for one (`X-Exai-Tenant`); anyone else their own only. */
export function scopeOf({ caller, request }: HttpContext): DashboardScope {
  const actingAs = request.headers['x-exai-tenant'];
  if (caller?.admin === true && (actingAs === undefined || actingAs === '')) return { tenantId: undefined };
  return { tenantId: caller?.tenantId ?? '' };
}

function notFound(response: ServerResponse, pathname: string): void {
  sendJsonRpcError(response, {
    status: 404,
    code: jsonRpcErrorCode.transportError,
    message: `Not Found: ${pathname} (the dashboard is at ${dashboardPath})`,
  });
}

/**
 * The dashboard's routes: the page shell and its assets (static, no data, no credentials needed),
 * and the data under `/dashboard/api/` (the caller must have passed authentication): `stream`
 * (Server-Sent Events of snapshots), `snapshot` (one, as JSON) and `threads?search=`.
 */
export function createDashboardRoutes({
  dashboard,
  authRequired,
  streamIntervalInMs = 1_000,
  log,
}: {
  dashboard: Dashboard;
  authRequired: boolean;
  streamIntervalInMs?: number;
  log: (line: string) => void;
}) {
  const assets = createDashboardAssets();
  return {
    page({ response, pathname }: HttpContext): void {
      if (pathname === dashboardPath || pathname === `${dashboardPath}/`) {
        response.writeHead(200, {
          ...pageSecurityHeaders,
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-store',
        });
        response.end(assets.shell({ authRequired, source: dashboard.source }));
        return;
      }
      const asset = pathname.startsWith(assetsPrefix)
        ? assets.asset(pathname.slice(assetsPrefix.length))
        : undefined;
      if (asset === undefined) return notFound(response, pathname);
      response.writeHead(200, {
        ...pageSecurityHeaders,
        'content-type': asset.contentType,
        'cache-control': 'no-cache',
      });
      response.end(asset.body);
    },
    async data(context: HttpContext): Promise<void> {
      const { response, pathname, request } = context;
      const scope = scopeOf(context);
      const name = pathname.slice(apiPrefix.length);
      response.setHeader('cache-control', 'no-store');
      if (name === 'stream') {
        streamSnapshots({
          response,
          snapshot: () => dashboard.snapshot(scope),
          intervalInMs: streamIntervalInMs,
          log,
        });
        return;
      }
      if (name === 'snapshot') {
        sendJson(response, 200, await dashboard.snapshot(scope));
        return;
      }
      if (name === 'threads') {
        const search = new URL(request.url ?? '/', 'http://localhost').searchParams.get('search') ?? '';
        sendJson(response, 200, {
          threads: await dashboard.searchThreads(scope, search.trim().slice(0, 200)),
        });
        return;
      }
      notFound(response, pathname);
    },
  };
}
