import type { Dashboard } from '../dashboard/dashboard-types.js';
import {
  createDashboardRoutes,
  isDashboardDataPath,
  isDashboardPath,
} from '../dashboard/dashboard-routes.js';
import { composeMiddleware, type HttpMiddleware } from './http-middleware.js';
import { jsonRpcErrorCode, sendJsonRpcError } from './json-rpc-error.js';

/**
 * Serves `/dashboard`: every request passes the Host/Origin checks; the page and its assets hold no
 * data and need no credentials (a browser cannot send a key before the page has asked for it); the
 * data under `/dashboard/api/` passes the same authentication as the MCP endpoint and is scoped to
 * the caller's tenant unless the caller is an admin. Every other request goes on.
 */
export function createDashboardMiddleware({
  dashboard,
  originGuard,
  auth,
  authRequired,
  log,
}: {
  dashboard: Dashboard;
  originGuard: HttpMiddleware;
  auth: HttpMiddleware;
  /** Whether the page must ask for a key (false with `--no-auth`). */
  authRequired: boolean;
  log: (line: string) => void;
}): HttpMiddleware {
  const routes = createDashboardRoutes({ dashboard, authRequired, log });
  const page = composeMiddleware([originGuard, async (context) => routes.page(context)]);
  const data = composeMiddleware([originGuard, auth, (context) => routes.data(context)]);
  return async function dashboardMiddleware(context, next) {
    if (!isDashboardPath(context.pathname)) return next();
    const { method } = context.request;
    const isData = isDashboardDataPath(context.pathname);
    // The data (an event stream among it) answers GET only; the static page HEAD too.
    if (method !== 'GET' && (isData || method !== 'HEAD')) {
      context.response.setHeader('allow', isData ? 'GET' : 'GET, HEAD');
      sendJsonRpcError(context.response, {
        status: 405,
        code: jsonRpcErrorCode.transportError,
        message: `Method Not Allowed: ${context.pathname} answers GET only`,
      });
      return;
    }
    return isData ? data(context) : page(context);
  };
}
