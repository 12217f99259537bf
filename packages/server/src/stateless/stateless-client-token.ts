import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isInitializeBody } from '../http/mcp-request-handler.js';

/** A token is short, printable ASCII (the MCP spec's rule for session ids), at most 128 characters. */
const wellFormed = /^[\x21-\x7e]{1,128}$/;

/**
 * The stateless client token a request carries in `Mcp-Session-Id`, when it is well-formed.
 * In stateless mode it names no server state: it only tells apart the clients of one tenant,
 * whose request ids (small integers) would otherwise collide, so a cancel finds its own call.
 */
export function statelessClientTokenOf(request: IncomingMessage): string | undefined {
  const token = request.headers['mcp-session-id'];
  return typeof token === 'string' && wellFormed.test(token) ? token : undefined;
}

/**
 * Answers an `initialize` that carries no token with a fresh random one in `Mcp-Session-Id`.
 * Clients following the Streamable HTTP spec (the MCP SDK's among them) send it back on every
 * later request, to any replica; nothing is stored, so any replica accepts it.
 */
export function issueStatelessClientToken(
  request: IncomingMessage,
  response: ServerResponse,
  body: unknown,
): void {
  if (!isInitializeBody(body) || statelessClientTokenOf(request) !== undefined) return;
  response.setHeader('mcp-session-id', randomUUID());
}
