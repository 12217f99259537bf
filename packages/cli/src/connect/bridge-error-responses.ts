import type { JSONRPCErrorResponse, RequestId } from '@modelcontextprotocol/sdk/types.js';
import { isTlsFailureReason } from './describe-tls-failure.js';

/** JSON-RPC "connection closed" (the MCP SDK's ErrorCode.ConnectionClosed). */
export const CONNECTION_CLOSED_CODE = -32000;

const START_HINT = 'start it with `exai serve --http` (or check the URL given to `exai connect`)';

/** What to do about `reason`: a TLS failure says it itself, since the daemon is up; otherwise start it. */
function startHintFor(reason: string): string {
  return isTlsFailureReason(reason) ? 'check the URL and --ca given to `exai connect`' : START_HINT;
}

/** The answer to a request that could not be delivered because the daemon is unreachable. */
export function createUnreachableResponse(id: RequestId, url: URL, reason: string): JSONRPCErrorResponse {
  const message = isTlsFailureReason(reason)
    ? `exai connect: cannot connect to the exai daemon at ${url.href}: ${reason}.`
    : `exai connect: the exai daemon at ${url.href} is unreachable (${reason}); ${START_HINT}. ` +
      'exai connect keeps retrying and reconnects on its own once the daemon is up.';
  return errorResponse(id, message, url, reason);
}

/** The answer to a request that was sent, but whose answer never came back. */
export function createLostResponse(id: RequestId, url: URL, reason: string): JSONRPCErrorResponse {
  return errorResponse(
    id,
    `exai connect: the connection to the exai daemon at ${url.href} was lost before it answered (${reason}); ` +
      `the request may or may not have run. Retry it; if the daemon is down, ${startHintFor(reason)}.`,
    url,
    reason,
  );
}

/** The answer to a request the daemon turned away at the HTTP level (401, 403, 413, 5xx …). */
export function createRefusedResponse(id: RequestId, url: URL, reason: string): JSONRPCErrorResponse {
  return errorResponse(
    id,
    `exai connect: the exai daemon at ${url.href} refused the request: ${reason}`,
    url,
    reason,
  );
}

function errorResponse(id: RequestId, message: string, url: URL, reason: string): JSONRPCErrorResponse {
  return {
    jsonrpc: '2.0',
    id,
    error: { code: CONNECTION_CLOSED_CODE, message, data: { url: url.href, reason } },
  };
}
