import { LimitsUnavailableError, RateLimitedError } from '@exai/mcp';
import type { HttpMiddleware } from '../http/http-middleware.js';
import { jsonRpcErrorCode, sendJsonRpcError } from '../http/json-rpc-error.js';
import type { TenantLimits } from './tenant-limits.js';

export interface RateLimitMiddlewareOptions {
  limits: Pick<TenantLimits, 'admitRequest'>;
  /** The tenant of requests without a caller (`--no-auth` on loopback). Default `default`. */
  localTenantId?: string;
}

/**
 * Counts every request against its caller's `requestsPerMinute` (its tenant's, and its key's when
 * set), after authentication has set `context.caller`. Past the limit: 429 with `Retry-After`
 * (seconds) and a JSON-RPC error body naming the limit and when it resets. While the shared
 * counters cannot be reached and the daemon fails closed: 503 with `Retry-After`.
 */
export function createRateLimitMiddleware({
  limits,
  localTenantId = 'default',
}: RateLimitMiddlewareOptions): HttpMiddleware {
  return async function rateLimit(context, next) {
    const caller = context.caller ?? { tenantId: localTenantId };
    try {
      await limits.admitRequest(caller);
    } catch (error) {
      if (RateLimitedError.isInstance(error)) {
        const seconds = Math.max(1, Math.ceil(error.retryAfterInMs / 1000));
        sendJsonRpcError(context.response, {
          status: 429,
          code: jsonRpcErrorCode.transportError,
          message: `${error.code}: ${error.message}`,
          headers: {
            'retry-after': String(seconds),
            'ratelimit-limit': String(error.allowed),
            'ratelimit-remaining': '0',
            'ratelimit-reset': String(seconds),
          },
        });
        return;
      }
      if (LimitsUnavailableError.isInstance(error)) {
        sendJsonRpcError(context.response, {
          status: 503,
          code: jsonRpcErrorCode.transportError,
          message: `${error.code}: ${error.message}`,
          headers: { 'retry-after': String(Math.ceil(error.retryAfterInMs / 1000)) },
        });
        return;
      }
      throw error;
    }
    await next();
  };
}
