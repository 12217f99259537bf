import type { CancelRegistry } from '@exai/mcp';
import { directToolCallsOf, type DirectToolCalls } from '@exai/mcp/internal';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { JSONRPCMessage, JSONRPCRequest, RequestId } from '@modelcontextprotocol/sdk/types.js';
import { jsonRpcErrorCode, sendJsonRpcError } from '../http/json-rpc-error.js';
import { messagesOf, type McpRequestHandler } from '../http/mcp-request-handler.js';
import { createIdlePool } from './idle-pool.js';
import { acceptJsonExchange, connectServer, runJsonExchange, type ConnectedServer } from './json-exchange.js';
import {
  cancelledNotification,
  cancelScopeOf,
  forwardCancels,
  requestIdsOf,
  watchRequests,
} from './stateless-cancels.js';
import { issueStatelessClientToken } from './stateless-client-token.js';
import { SharedStreamTransport } from './shared-stream-transport.js';
import { answerDirectToolCall } from './direct-tool-call.js';
import { requestAuthOf } from '../http/request-tenant.js';

/** For a server not built by `createExaiServer`: every request takes the server path. */
const noDirectCalls: DirectToolCalls = {
  accepts: (_message): _message is JSONRPCRequest => false,
  run: () => Promise.resolve(undefined),
};

/** Whether any request in the body asked for progress notifications (`_meta.progressToken`). */
function asksForProgress(body: unknown): boolean {
  return messagesOf(body).some((message) => {
    const meta = (message.params as { _meta?: { progressToken?: unknown } } | undefined)?._meta;
    return meta?.progressToken !== undefined;
  });
}

/**
 * Whether the body changes what a server remembers about its client (the capabilities sent with
 * `initialize`, the level of `logging/setLevel`); such a server is not reused for another client.
 */
function changesClientState(body: unknown): boolean {
  return messagesOf(body).some(
    (message) => message.method === 'initialize' || message.method === 'logging/setLevel',
  );
}

/**
 * The requests of a body that can share one MCP server with other POSTs: only `tools/call`
 * requests (no notification, no task-augmented call, no id twice), which change nothing the
 * server remembers about its client. `undefined` for any other body.
 */
function sharedStreamRequests(messages: readonly JSONRPCMessage[]): JSONRPCRequest[] | undefined {
  const ids = new Set<RequestId>();
  for (const message of messages) {
    if (!('method' in message) || !('id' in message) || message.method !== 'tools/call') return undefined;
    if ((message.params as { task?: unknown } | undefined)?.task !== undefined) return undefined;
    if (ids.has(message.id)) return undefined;
    ids.add(message.id);
  }
  return messages as JSONRPCRequest[];
}

/**
 * Stateless mode: every POST gets an MCP server of its own for the time of the request (from a
 * pool of idle ones); a client that disconnects cancels its call and the server is dropped.
 * Requests that asked for progress are answered with an SSE stream so the notifications reach
 * them: `tools/call` requests (the long calls) through one MCP server shared by every such POST
 * (`SharedStreamTransport`: a call in flight then holds no server of its own), anything else
 * through a server of its own and the SDK's transport; all others take a direct path to a server kept connected to an
 * in-process transport and get plain JSON, which costs a fraction of the streams machinery.
 * A server that saw `initialize` or `logging/setLevel` is dropped, so no client's settings reach
 * another client's request.
 *
 * Cancels: `initialize` is answered with a stateless client token in `Mcp-Session-Id`, which the
 * client sends back on every request. Each call is watched in `cancels` under (tenant, token,
 * request id), and each `notifications/cancelled` is handed to it, so a cancel that reaches
 * another POST — on this replica or, with a shared registry, on another — aborts the call.
 */
export function createStatelessHandler({
  createServer,
  sseHeartbeatIntervalInMs,
  cancels,
  log,
}: {
  createServer: () => McpServer;
  sseHeartbeatIntervalInMs: number;
  cancels: CancelRegistry;
  log: (line: string) => void;
}): McpRequestHandler {
  /** Servers for the SSE path, connected to a new transport per request. */
  const idleServers = createIdlePool<McpServer>({ maxIdle: 256 });
  /** Servers for the direct path, each kept connected to its own in-process transport. */
  const idleConnected = createIdlePool<ConnectedServer>({ maxIdle: 256 });
  /** The server every `tools/call` that asked for progress runs on, connected on first use. */
  let shared: Promise<{ server: McpServer; transport: SharedStreamTransport }> | undefined;
  const sharedServer = () =>
    (shared ??= (async () => {
      const server = createServer();
      const transport = new SharedStreamTransport(sseHeartbeatIntervalInMs);
      await server.connect(transport);
      return { server, transport };
    })());
  /**
   * Plain `tools/call` requests run without an MCP server of their own, on the direct runner of
   * the first pooled server (stateless servers are interchangeable: the pools rely on it).
   */
  let directCalls: DirectToolCalls | undefined;
  async function firstDirectCalls(): Promise<DirectToolCalls> {
    const connected = idleConnected.take() ?? (await connectServer(createServer));
    directCalls ??= directToolCallsOf(connected.server) ?? noDirectCalls;
    if (!idleConnected.put(connected)) void connected.server.close().catch(() => {});
    return directCalls;
  }
  return {
    async handle(request, response, body) {
      if (request.method !== 'POST') {
        sendJsonRpcError(response, {
          status: 405,
          code: jsonRpcErrorCode.transportError,
          message: `Method not allowed: this server is stateless and answers POST only (no ${request.method} streams or sessions)`,
          headers: { allow: 'POST' },
        });
        return;
      }
      issueStatelessClientToken(request, response, body);
      const scope = cancelScopeOf(request);
      if (scope !== undefined) await forwardCancels(cancels, scope, body);
      const requestIds = requestIdsOf(body);
      if (!asksForProgress(body)) {
        const messages = acceptJsonExchange(request, response, body);
        if (messages === undefined) return;
        const only = Array.isArray(body) ? undefined : messages[0];
        const direct = directCalls ?? (await firstDirectCalls());
        if (only !== undefined && direct.accepts(only)) {
          const answered = await answerDirectToolCall(direct, only, { request, response, cancels, scope });
          if (answered) return;
        }
        const connected = idleConnected.take() ?? (await connectServer(createServer));
        const unwatch =
          scope === undefined
            ? () => {}
            : watchRequests(cancels, scope, requestIds, (id, reason) =>
                connected.transport.cancel(id, reason),
              );
        let reusable = false;
        try {
          reusable =
            (await runJsonExchange(connected, messages, body, response, request)) &&
            !changesClientState(body);
        } finally {
          unwatch();
        }
        if (!reusable || !idleConnected.put(connected)) void connected.server.close().catch(() => {});
        return;
      }
      const messages = acceptJsonExchange(request, response, body);
      if (messages === undefined) return;
      const calls = sharedStreamRequests(messages);
      if (calls !== undefined) {
        const { transport: streams } = await sharedServer();
        const cancel = streams.open(request, response, calls, requestAuthOf(request));
        const unwatch = scope === undefined ? () => {} : watchRequests(cancels, scope, requestIds, cancel);
        response.once('close', unwatch);
        return;
      }
      const server = idleServers.take() ?? createServer();
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: undefined,
        enableJsonResponse: false,
        keepAliveMs: sseHeartbeatIntervalInMs,
      });
      let cancelled = false;
      const unwatch =
        scope === undefined
          ? () => {}
          : watchRequests(cancels, scope, requestIds, (id, reason) => {
              cancelled = true;
              // The handler's signal aborts with the client's reason; with no other request
              // left in this POST, closing the server ends its SSE response.
              transport.onmessage?.(cancelledNotification(id, reason));
              if (requestIds.length === 1) void server.close().catch(() => {});
            });
      response.once('close', function closeRequestServer() {
        unwatch();
        // Finished: every response was written, so nothing of this request is still running.
        const reusable = response.writableFinished && !cancelled && !changesClientState(body);
        server.close().then(
          () => reusable && idleServers.put(server),
          (error: unknown) => log(`exai: closing a stateless request failed: ${String(error)}`),
        );
      });
      await server.connect(transport);
      await transport.handleRequest(request, response, body);
    },
    sessionCount: () => 0,
    async close() {
      await Promise.all(idleConnected.drain().map(({ server }) => server.close().catch(() => {})));
      if (shared !== undefined) await (await shared).server.close().catch(() => {});
    },
  };
}
