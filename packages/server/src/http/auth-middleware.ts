import { printableTenantId, tenantIdProblem } from '@exai/core';
import type { LogFields } from '@exai/mcp';
import type { RequestAuthenticator } from '../auth/request-authenticator.js';
import type { HttpMiddleware, RequestCaller } from './http-middleware.js';
import { jsonRpcErrorCode, sendJsonRpcError } from './json-rpc-error.js';

/** The header an admin sends to act for another tenant. */
export const actAsTenantHeader = 'x-exai-tenant';

/**
 * A quoted-string for a header parameter. A header value may hold only printable ASCII here
 * (Node refuses anything past U+00FF, and HTTP gives no charset to the rest), so the ellipsis that
 * exai's messages use becomes `...` and any other character outside printable ASCII becomes `?`;
 * the JSON-RPC error in the body keeps the message as written.
 */
function quoted(value: string): string {
  const printable = value
    .replace(/\u2026/g, '...')
    .replace(/["\\]/g, "'")
    .replace(/[^\x20-\x7e]/g, '?');
  return `"${printable}"`;
}

/**
 * Authentication: sets `context.caller` from the request's credentials, or answers 401 with
 * `WWW-Authenticate: Bearer …` (naming the protected-resource metadata when there is one) and a
 * JSON-RPC error. Without an authenticator every request is the local tenant (loopback only; the
 * server checks that). An admin may act for another tenant with `X-Exai-Tenant`; anyone else
 * naming a tenant not their own gets 403.
 */
export function createAuthMiddleware({
  authenticator,
  localTenantId,
  resourceMetadataUrl,
  log,
}: {
  authenticator: RequestAuthenticator | undefined;
  localTenantId: string;
  /** The protected-resource metadata URL for the request's host, when JWT is configured. */
  resourceMetadataUrl?: (host: string | undefined) => string;
  log: (line: string, fields?: LogFields) => void;
}): HttpMiddleware {
  return async function authMiddleware(context, next) {
    const { request, response } = context;
    let caller: RequestCaller;
    if (authenticator === undefined) {
      caller = { kind: 'local', tenantId: localTenantId, admin: true };
    } else {
      const outcome = await authenticator.authenticate(request);
      if ('failure' in outcome) {
        const { error, message } = outcome.failure;
        const parameters = ['realm="exai"'];
        if (resourceMetadataUrl !== undefined)
          parameters.push(`resource_metadata=${quoted(resourceMetadataUrl(request.headers.host))}`);
        if (error !== undefined) parameters.push(`error="${error}"`, `error_description=${quoted(message)}`);
        log(
          `exai: refused ${request.method} ${context.pathname} (request ${context.requestId}): ${message}`,
          {
            correlationId: context.correlationId ?? context.requestId,
          },
        );
        sendJsonRpcError(response, {
          status: 401,
          code: jsonRpcErrorCode.transportError,
          message,
          headers: { 'www-authenticate': `Bearer ${parameters.join(', ')}` },
        });
        return;
      }
      caller = outcome.caller;
    }
    const header = request.headers[actAsTenantHeader];
    const actAs = Array.isArray(header) ? header[0] : header;
    if (actAs !== undefined && actAs !== '' && actAs !== caller.tenantId) {
      if (caller.admin !== true || caller.kind === 'local') {
        const message =
          caller.kind === 'local'
            ? `Forbidden: ${actAsTenantHeader} needs authentication; this server runs without it`
            : `Forbidden: only an admin key may act for another tenant (${actAsTenantHeader}: ${JSON.stringify(actAs)}); ` +
              `this credential belongs to tenant ${JSON.stringify(caller.tenantId)}`;
        log(
          `exai: refused ${request.method} ${context.pathname} (request ${context.requestId}): ${message}`,
          {
            correlationId: context.correlationId ?? context.requestId,
            tenantId: caller.tenantId,
          },
        );
        sendJsonRpcError(response, { status: 403, code: jsonRpcErrorCode.transportError, message });
        return;
      }
      const problem = tenantIdProblem(actAs);
      if (problem !== undefined) {
        const message = `Bad Request: ${actAsTenantHeader} "${printableTenantId(actAs)}" is not a usable tenant id: it ${problem}`;
        log(
          `exai: refused ${request.method} ${context.pathname} (request ${context.requestId}): ${message}`,
          {
            correlationId: context.correlationId ?? context.requestId,
            tenantId: caller.tenantId,
          },
        );
        sendJsonRpcError(response, { status: 400, code: jsonRpcErrorCode.transportError, message });
        return;
      }
      caller = { ...caller, tenantId: actAs };
    }
    context.caller = caller;
    await next();
  };
}
