import type { IncomingMessage, ServerResponse } from 'node:http';

/** Who made a request, as the authentication middleware found it. */
export interface RequestCaller {
  /** The tenant every record of this request belongs to. */
  tenantId: string;
  /** How the caller proved who it is: `local` for stdio and `--no-auth` on loopback. */
  kind: 'api-key' | 'jwt' | 'local';
  /** The API key's id (never the key itself), when `kind` is `api-key`. */
  keyId?: string;
  /** The token's subject, when `kind` is `jwt`. */
  subject?: string;
  /** Allowed to act on other tenants (admin keys, the local tenant). */
  admin?: boolean;
}

/** One request as it passes through the middleware chain. */
export interface HttpContext {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  /** A fresh id per request (or the client's `X-Request-ID` when it is sane). */
  readonly requestId: string;
  /** The request's path without its query string. */
  readonly pathname: string;
  /**
   * The client's `X-Correlation-ID` when sane, else `requestId`: set by the request-id middleware,
   * named by the request's log lines, its tool calls' audit records and telemetry.
   */
  correlationId?: string;
  /** Set by the authentication middleware. */
  caller?: RequestCaller;
  /** The parsed JSON body of a POST, set by the body middleware. */
  body?: unknown;
}

/** A step in the chain: answer the request, or call `next()` to pass it on. */
export type HttpMiddleware = (context: HttpContext, next: () => Promise<void>) => Promise<void>;

/** Runs middleware in order; each decides whether the rest runs. */
export function composeMiddleware(
  middleware: readonly HttpMiddleware[],
): (context: HttpContext) => Promise<void> {
  return function runMiddleware(context) {
    function dispatch(index: number): Promise<void> {
      const step = middleware[index];
      if (step === undefined) return Promise.resolve();
      let called = false;
      try {
        return step(context, () => {
          if (called) return Promise.reject(new Error('next() called more than once'));
          called = true;
          return dispatch(index + 1);
        });
      } catch (error) {
        // A step that is not an async function may throw instead of rejecting.
        return Promise.reject(error);
      }
    }
    return dispatch(0);
  };
}
