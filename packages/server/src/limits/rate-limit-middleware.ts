import { LimitsUnavailableError, RateLimitedError } from '@exai/mcp';
import type { HttpMiddleware } from '../http/http-middleware.js';
import { jsonRpcErrorCode, sendJsonRpcError } from '../http/json-rpc-error.js';
import { startsWork } from '../http/mcp-request-handler.js';
import type { TenantLimits } from './tenant-limits.js';

export interface RateLimitMiddlewareOptions {
  limits: Pick<TenantLimits, 'admitRequest'>;
  /** The tenant of requests without a caller (`--no-auth` on loopback). Default `default`. */
  localTenantId?: string;
}

/**
 * Counts each request against its caller's `requestsPerMinute` (its tenant's, and its key's when
 * set), after authentication has set `context.caller` and the body has been read. Past the limit:
 * 429 with `Retry-After` (seconds) and a JSON-RPC error body naming the limit and when it resets.
 * While the shared counters cannot be reached and the daemon fails closed: 503 with `Retry-After`.
 * A `POST` of only notifications and responses (a cancel above all) is neither counted nor
 * refused: a caller over its limit, or cut off by a Redis outage, can still stop the calls it
 * started.
 */
export function createRateLimitMiddleware({
  limits,
  localTenantId = 'default',
}: RateLimitMiddlewareOptions): HttpMiddleware {
  return async function rateLimit(context, next) {
    // `context.body` is unset when no body reader ran before this (a chain of someone else's): counted.
    if (context.request.method === 'POST' && context.body !== undefined && !startsWork(context.body))
      return next();
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
