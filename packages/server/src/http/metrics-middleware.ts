import type { ExaiMetrics } from '../observability/exai-metrics.js';
import { composeMiddleware, type HttpMiddleware } from './http-middleware.js';
import { jsonRpcErrorCode, sendJsonRpcError } from './json-rpc-error.js';

export const metricsPath = '/metrics';

/**
 * Answers `GET /metrics` with the Prometheus exposition. Unless `public`, the request first passes
 * `guards` (Host/Origin checks and authentication, the same middleware as the MCP endpoint) and
 * must come from an admin caller (an admin key, or the local tenant): the series name tenants.
 * Every other request goes on.
 */
export function createMetricsMiddleware({
  metrics,
  isPublic,
  guards,
}: {
  metrics: ExaiMetrics;
  isPublic: boolean;
  guards: readonly HttpMiddleware[];
}): HttpMiddleware {
  const serveMetrics: HttpMiddleware = async ({ response, caller }) => {
    if (!isPublic && caller?.admin !== true) {
      sendJsonRpcError(response, {
        status: 403,
        code: jsonRpcErrorCode.transportError,
        message:
          'Forbidden: /metrics needs an admin key (exai keys create --admin), or a daemon started with metrics.public',
      });
      return;
    }
    const text = await metrics.render();
    response.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
    response.end(text);
  };
  const protectedChain = composeMiddleware([...guards, serveMetrics]);
  return async function metricsMiddleware(context, next) {
    const { request, pathname } = context;
    if (pathname !== metricsPath || (request.method !== 'GET' && request.method !== 'HEAD')) return next();
    if (isPublic) return serveMetrics(context, () => Promise.resolve());
    return protectedChain(context);
  };
}
