import type { ServerResponse } from 'node:http';

import { ExaiError } from '@exai/core';

import { jsonRpcErrorCode, sendJsonRpcError } from './json-rpc-error.js';

/**
 * The answer to a request whose handling threw. A dependency that is out for now (the store, the
 * shared limits: a retryable `ExaiError` such as `store_unavailable`) is 503 with `Retry-After`
 * and the error's own message, and logged in one line: the client retries, a balancer tries
 * another replica, and the daemon recovers on its own once the dependency is back. Anything else
 * is a bug: 500 naming the request id, with the stack in the log.
 */
export function answerFailedRequest(
  response: ServerResponse,
  error: unknown,
  {
    requestId,
    log,
    logged = false,
  }: {
    requestId: string;
    /** Logs a line about the request (it adds what the request was). */
    log: (line: string) => void;
    /** The caller has logged it already (a client that went away mid-body). */
    logged?: boolean;
  },
): void {
  if (ExaiError.isInstance(error) && error.isRetryable) {
    log(`answered 503: ${error.code}: ${error.message}`);
    sendJsonRpcError(response, {
      status: 503,
      code: jsonRpcErrorCode.transportError,
      message: `${error.code}: ${error.message}`,
      headers: { 'retry-after': '5' },
    });
    return;
  }
  if (!logged) log(`failed: ${error instanceof Error ? error.stack : String(error)}`);
  sendJsonRpcError(response, {
    status: 500,
    code: jsonRpcErrorCode.transportError,
    message: `Internal error while handling the request (request ${requestId})`,
  });
}
