import type { IncomingMessage } from 'node:http';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { HttpMiddleware, RequestCaller } from './http-middleware.js';
import { jsonRpcErrorCode, sendJsonRpcError } from './json-rpc-error.js';
import type { McpRequestHandler } from './mcp-request-handler.js';

/**
 * The SDK's `AuthInfo` for a caller: tools read `extra` (`{ tenantId, keyId?, subject?, admin? }`).
 * The credential itself is not carried (`token` is empty). Local callers get none.
 */
export function authInfoOf(caller: RequestCaller | undefined): AuthInfo | undefined {
  if (caller === undefined || caller.kind === 'local') return undefined;
  return {
    token: '',
    clientId: caller.keyId ?? caller.subject ?? caller.tenantId,
    scopes: caller.admin === true ? ['admin'] : [],
    extra: {
      tenantId: caller.tenantId,
      ...(caller.keyId !== undefined && { keyId: caller.keyId }),
      ...(caller.subject !== undefined && { subject: caller.subject }),
      ...(caller.admin === true && { admin: true }),
    },
  };
}

/** The last step: hands the request, with its caller as `request.auth`, to the MCP handler. */
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
    const auth = authInfoOf(context.caller);
    if (auth !== undefined) (request as IncomingMessage & { auth?: AuthInfo }).auth = auth;
    return handler.handle(request, response, request.method === 'POST' ? context.body : undefined);
  };
}
