import type { HttpMiddleware } from './http-middleware.js';
import { jsonRpcErrorCode, sendJson, sendJsonRpcError } from './json-rpc-error.js';

export const protectedResourceMetadataPath = '/.well-known/oauth-protected-resource';

/**
 * Answers the paths beside the MCP endpoint, before any check: `GET /healthz` for load balancers,
 * the OAuth protected-resource metadata when JWT authentication is configured, and 404 for
 * anything else. Only requests to `path` go on.
 */
export function createEndpointRoutesMiddleware({
  path,
  health,
  protectedResourceMetadata,
}: {
  path: string;
  health: () => Record<string, unknown>;
  /** The RFC 9728 document, built for the request's host; absent without JWT authentication. */
  protectedResourceMetadata?: (host: string | undefined) => Record<string, unknown>;
}): HttpMiddleware {
  return function endpointRoutesMiddleware(context, next) {
    const { request, response, pathname } = context;
    const readOnly = request.method === 'GET' || request.method === 'HEAD';
    if (pathname === '/healthz' && readOnly) {
      sendJson(response, 200, health());
      return Promise.resolve();
    }
    if (
      protectedResourceMetadata !== undefined &&
      readOnly &&
      (pathname === protectedResourceMetadataPath || pathname === `${protectedResourceMetadataPath}${path}`)
    ) {
      sendJson(response, 200, protectedResourceMetadata(request.headers.host));
      return Promise.resolve();
    }
    if (pathname !== path) {
      sendJsonRpcError(response, {
        status: 404,
        code: jsonRpcErrorCode.transportError,
        message: `Not Found: MCP is served at ${path}`,
      });
      return Promise.resolve();
    }
    return next();
  };
}
