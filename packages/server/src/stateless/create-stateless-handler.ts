import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { jsonRpcErrorCode, sendJsonRpcError } from '../http/json-rpc-error.js';
import { messagesOf, type McpRequestHandler } from '../http/mcp-request-handler.js';
import { createIdlePool } from './idle-pool.js';
import { acceptJsonExchange, connectServer, runJsonExchange, type ConnectedServer } from './json-exchange.js';

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
 * Stateless mode: every POST gets an MCP server of its own for the time of the request (from a
 * pool of idle ones); a client that disconnects cancels its call and the server is dropped.
 * Requests that asked for progress go through the SDK's transport with an SSE response so the
 * notifications reach them; all others take a direct path to a server kept connected to an
 * in-process transport and get plain JSON, which costs a fraction of the streams machinery.
 * A server that saw `initialize` or `logging/setLevel` is dropped, so no client's settings reach
 * another client's request.
 */
export function createStatelessHandler({
  createServer,
  sseHeartbeatIntervalInMs,
  log,
}: {
  createServer: () => McpServer;
  sseHeartbeatIntervalInMs: number;
  log: (line: string) => void;
}): McpRequestHandler {
  /** Servers for the SSE path, connected to a new transport per request. */
  const idleServers = createIdlePool<McpServer>({ maxIdle: 256 });
  /** Servers for the direct path, each kept connected to its own in-process transport. */
  const idleConnected = createIdlePool<ConnectedServer>({ maxIdle: 256 });
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
      if (!asksForProgress(body)) {
        const messages = acceptJsonExchange(request, response, body);
        if (messages === undefined) return;
        const connected = idleConnected.take() ?? (await connectServer(createServer));
        const reusable =
          (await runJsonExchange(connected, messages, body, response, request)) && !changesClientState(body);
        if (!reusable || !idleConnected.put(connected)) void connected.server.close().catch(() => {});
        return;
      }
      const server = idleServers.take() ?? createServer();
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: undefined,
        enableJsonResponse: false,
        keepAliveMs: sseHeartbeatIntervalInMs,
      });
      response.once('close', function closeRequestServer() {
        // Finished: every response was written, so nothing of this request is still running.
        const reusable = response.writableFinished && !changesClientState(body);
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
    },
  };
}
