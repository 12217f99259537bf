import type { IncomingMessage, ServerResponse } from 'node:http';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  JSONRPCMessageSchema,
  SUPPORTED_PROTOCOL_VERSIONS,
  type JSONRPCMessage,
  type RequestId,
} from '@modelcontextprotocol/sdk/types.js';
import { jsonRpcErrorCode, sendJson, sendJsonRpcError } from '../http/json-rpc-error.js';
import { requestAuthOf } from '../http/request-tenant.js';
import { DirectTransport, type RequestEntry } from './direct-transport.js';

/** An MCP server connected, once, to its own direct transport. */
export interface ConnectedServer {
  server: McpServer;
  transport: DirectTransport;
}

/** The SDK protocol's own request handler, which its `onmessage` calls once it has classified a message. */
interface ProtocolRequestEntry {
  _onrequest?: RequestEntry;
}

export async function connectServer(createServer: () => McpServer): Promise<ConnectedServer> {
  const server = createServer();
  const transport = new DirectTransport();
  await server.connect(transport);
  // Not part of the SDK's typed surface: without it (another SDK version), requests take `onmessage`.
  const protocol = server.server as unknown as ProtocolRequestEntry;
  if (typeof protocol._onrequest === 'function')
    transport.useRequestEntry(protocol._onrequest.bind(protocol));
  return { server, transport };
}

/**
 * Checks a stateless POST the way the MCP SDK's Streamable HTTP transport does (Accept,
 * Content-Type, protocol version, JSON-RPC shape) and returns its messages, or answers the
 * refusal itself and returns `undefined`.
 */
export function acceptJsonExchange(
  request: IncomingMessage,
  response: ServerResponse,
  body: unknown,
): JSONRPCMessage[] | undefined {
  const accept = request.headers.accept ?? '';
  if (!accept.includes('application/json') || !accept.includes('text/event-stream')) {
    sendJsonRpcError(response, {
      status: 406,
      code: jsonRpcErrorCode.transportError,
      message: 'Not Acceptable: Client must accept both application/json and text/event-stream',
    });
    return undefined;
  }
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/json') {
    sendJsonRpcError(response, {
      status: 415,
      code: jsonRpcErrorCode.transportError,
      message: 'Unsupported Media Type: Content-Type must be application/json',
    });
    return undefined;
  }
  const version = request.headers['mcp-protocol-version'];
  if (typeof version === 'string' && !SUPPORTED_PROTOCOL_VERSIONS.includes(version)) {
    sendJsonRpcError(response, {
      status: 400,
      code: jsonRpcErrorCode.transportError,
      message: `Bad Request: Unsupported protocol version: ${version} (supported versions: ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')})`,
    });
    return undefined;
  }
  const raw = Array.isArray(body) ? (body as unknown[]) : [body];
  const messages: JSONRPCMessage[] = [];
  for (const item of raw) {
    const parsed = isPlainJsonRpc(item)
      ? { success: true as const, data: item }
      : JSONRPCMessageSchema.safeParse(item);
    if (!parsed.success) {
      sendJsonRpcError(response, {
        status: 400,
        code: jsonRpcErrorCode.parseError,
        message: 'Parse error: Invalid JSON-RPC message',
      });
      return undefined;
    }
    messages.push(parsed.data);
  }
  if (messages.filter((message) => 'method' in message && message.method === 'initialize').length > 1) {
    sendJsonRpcError(response, {
      status: 400,
      code: jsonRpcErrorCode.invalidRequest,
      message: 'Invalid Request: Only one initialization request is allowed',
    });
    return undefined;
  }
  return messages;
}

/**
 * Runs the messages of one stateless POST on a connected server and answers with plain JSON (202
 * when no request is left to answer: only notifications, or each request cancelled by a
 * `notifications/cancelled` later in the same body). If the client goes away first, its requests are cancelled
 * and the server is not reused. Resolves with whether the server can be reused.
 */
export async function runJsonExchange(
  connected: ConnectedServer,
  messages: readonly JSONRPCMessage[],
  body: unknown,
  response: ServerResponse,
  request?: IncomingMessage,
): Promise<boolean> {
  const authInfo = request === undefined ? undefined : requestAuthOf(request);
  const requestIds: RequestId[] = [];
  // A request cancelled later in the same body gets no answer: waiting for it would never end.
  const cancelled = new Set<RequestId>();
  for (const message of messages) {
    if (!('method' in message)) continue;
    if ('id' in message) requestIds.push(message.id);
    else if (message.method === 'notifications/cancelled') {
      const requestId = (message.params as { requestId?: RequestId } | undefined)?.requestId;
      if (requestId !== undefined && requestIds.includes(requestId)) cancelled.add(requestId);
    }
  }
  // The handler of a cancelled request may still be running: that server is not reused.
  const reusable = cancelled.size === 0;
  const answered = requestIds.filter((id) => !cancelled.has(id));
  if (answered.length === 0) {
    await connected.transport.exchange(messages, [], authInfo);
    response.writeHead(202).end();
    return reusable;
  }
  let clientGone = false;
  const onClose = () => {
    if (response.writableFinished) return;
    clientGone = true;
    connected.transport.cancelWaiting('The HTTP client disconnected');
  };
  response.once('close', onClose);
  const answers = await Promise.race([
    connected.transport.exchange(messages, answered, authInfo),
    new Promise<undefined>((resolve) => response.once('close', () => resolve(undefined))),
  ]);
  if (clientGone || answers === undefined) return false;
  response.off('close', onClose);
  // A request cancelled by a later POST gets no answer; its handler may still be winding down.
  const given = answers.filter((answer) => answer !== undefined);
  if (given.length === 0) {
    response.writeHead(202).end();
    return false;
  }
  sendJson(response, 200, Array.isArray(body) ? given : given[0]);
  return reusable && given.length === answers.length;
}

/**
 * A cheap check for the common case, a well-formed request or notification, so the full schema
 * (a union of every JSON-RPC message shape) is parsed only for anything else.
 */
function isPlainJsonRpc(value: unknown): value is JSONRPCMessage {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const message = value as Record<string, unknown>;
  if (message.jsonrpc !== '2.0' || typeof message.method !== 'string') return false;
  if ('id' in message && typeof message.id !== 'string' && !Number.isInteger(message.id)) return false;
  if ('result' in message || 'error' in message) return false;
  const { params } = message;
  return params === undefined || (typeof params === 'object' && params !== null && !Array.isArray(params));
}
