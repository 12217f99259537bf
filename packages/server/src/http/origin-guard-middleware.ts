import type { LogFields } from '@exai/mcp';
import type { HttpMiddleware } from './http-middleware.js';
import { jsonRpcErrorCode, sendJsonRpcError } from './json-rpc-error.js';
import type { RequestOriginGuard } from './request-origin-guard.js';

/** DNS-rebinding protection: a request whose Host or Origin is not allowed gets 403. */
export function createOriginGuardMiddleware({
  guard,
  log,
}: {
  guard: RequestOriginGuard;
  log: (line: string, fields?: LogFields) => void;
}): HttpMiddleware {
  return function originGuardMiddleware(context, next) {
    const refusal = guard(context.request);
    if (refusal !== undefined) {
      log(`exai: refused ${context.request.method} ${context.pathname}: ${refusal}`, {
        correlationId: context.correlationId ?? context.requestId,
      });
      sendJsonRpcError(context.response, {
        status: 403,
        code: jsonRpcErrorCode.transportError,
        message: refusal,
      });
      return Promise.resolve();
    }
    return next();
  };
}
