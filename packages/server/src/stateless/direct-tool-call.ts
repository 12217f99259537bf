import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CancelRegistry } from '@exai/mcp';
import type { DirectToolCalls } from '@exai/mcp/internal';
import type { JSONRPCRequest } from '@modelcontextprotocol/sdk/types.js';
import { sendJson } from '../http/json-rpc-error.js';
import { requestAuthOf } from '../http/request-tenant.js';
import { watchRequests, type CancelScope } from './stateless-cancels.js';

/**
 * Answers a stateless POST that is one plain `tools/call` by running the tool directly (see
 * `DirectToolCalls`): no MCP server, transport or SDK protocol objects per request. A cancel from
 * a later POST aborts the call and answers this one with 202 at once, as the server path does; a
 * client that goes away aborts the call. Resolves false, having answered nothing, when the call
 * is not for this path after all (its arguments fail the tool's schema: the server words that).
 */
export async function answerDirectToolCall(
  direct: DirectToolCalls,
  message: JSONRPCRequest,
  {
    request,
    response,
    cancels,
    scope,
  }: {
    request: IncomingMessage;
    response: ServerResponse;
    cancels: CancelRegistry;
    scope: CancelScope | undefined;
  },
): Promise<boolean> {
  const controller = new AbortController();
  // Cancelled by its client: then it gets no answer (a daemon stopping aborts the call too, and
  // that call is answered with its cancelled result, as on the server path).
  let clientCancelled = false;
  const unwatch =
    scope === undefined
      ? undefined
      : watchRequests(cancels, scope, [message.id], (_id, reason) => {
          clientCancelled = true;
          controller.abort(reason);
          // A cancelled request gets no response (MCP): the POST ends with 202 and no body.
          if (!response.headersSent) response.writeHead(202).end();
        });
  response.once('close', () => {
    if (response.writableFinished) return;
    clientCancelled = true;
    controller.abort('The HTTP client disconnected');
  });
  const authInfo = requestAuthOf(request);
  try {
    const answer = await direct.run(message, {
      signal: controller.signal,
      abortCall: (reason) => controller.abort(reason),
      ...(authInfo !== undefined && { authInfo }),
      requestInfo: { headers: request.headers },
    });
    if (answer === undefined) return response.headersSent;
    if (!response.headersSent && !clientCancelled) sendJson(response, 200, answer);
    return true;
  } finally {
    unwatch?.();
  }
}
