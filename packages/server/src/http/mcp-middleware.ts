import type { IncomingMessage } from 'node:http';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { HttpMiddleware, RequestCaller } from './http-middleware.js';
import { jsonRpcErrorCode, sendJsonRpcError } from './json-rpc-error.js';
import type { McpRequestHandler } from './mcp-request-handler.js';

/**
 * The SDK's `AuthInfo` for a request: tools read `extra` (`{ tenantId, keyId?, subject?, admin? }`
 * for an authenticated caller, and the request's `requestId` and `correlationId` for every
 * caller). The credential itself is not carried (`token` is empty). A local caller (no
 * authentication, loopback) has no `tenantId`, so its calls belong to the server's local tenant.
 */
export function authInfoOf(
  caller: RequestCaller | undefined,
  { requestId, correlationId }: { requestId: string; correlationId?: string | undefined },
): AuthInfo {
  const ids = { requestId, correlationId: correlationId ?? requestId };
  if (caller === undefined || caller.kind === 'local') {
    return { token: '', clientId: 'local', scopes: [], extra: ids };
  }
  return {
    token: '',
    clientId: caller.keyId ?? caller.subject ?? caller.tenantId,
    scopes: caller.admin === true ? ['admin'] : [],
    extra: {
      tenantId: caller.tenantId,
      ...(caller.keyId !== undefined && { keyId: caller.keyId }),
      ...(caller.subject !== undefined && { subject: caller.subject }),
      ...(caller.admin === true && { admin: true }),
      ...ids,
    },
  };
}

/** The last step: hands the request, with its caller and ids as `request.auth`, to the MCP handler. */
export function createMcpMiddleware({
  handler,
  stateless,
}: {
  handler: McpRequestHandler;
  stateless: boolean;
}): HttpMiddleware {
  const allowed = stateless ? ['POST'] : ['GET', 'POST', 'DELETE'];
  return function mcpMiddleware(context) {
    const { request, response } = context;
    if (request.method !== 'POST' && request.method !== 'GET' && request.method !== 'DELETE') {
      sendJsonRpcError(response, {
        status: 405,
        code: jsonRpcErrorCode.transportError,
        message: `Method not allowed: ${request.method} (use ${allowed.join(', ')})`,
        headers: { allow: allowed.join(', ') },
      });
      return Promise.resolve();
    }
    (request as IncomingMessage & { auth?: AuthInfo }).auth = authInfoOf(context.caller, context);
    return handler.handle(request, response, request.method === 'POST' ? context.body : undefined);
  };
}
