import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type {
  CallToolResult,
  JSONRPCMessage,
  JSONRPCRequest,
  RequestId,
  RequestInfo,
} from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';

/** A tool's `tools/call` handler, as it is registered with the SDK. */
export type PlainToolCallHandler = (input: unknown, extra: unknown) => Promise<CallToolResult>;

/** What a directly run call knows of its request. */
export interface DirectToolCallExtra {
  /** Aborted when the client cancels the call or goes away. */
  signal: AbortSignal;
  /** Aborts `signal` (its controller's `abort`): a stopping daemon cancels the call with it. */
  abortCall?: (reason: Error) => void;
  authInfo?: AuthInfo;
  requestInfo?: RequestInfo;
}

/**
 * `tools/call` requests run without the SDK's protocol layer: the tool's input is checked with its
 * schema and its handler called, exactly as the server's own `tools/call` handler does for these
 * tools, but without the per-request objects of the SDK's `Protocol` (an abort controller, the
 * handler's `extra` with its notification and request functions, the response promise chain).
 * Only calls whose answer would be the same either way are taken: anything else (another method,
 * `_meta`, a task, an unknown tool, arguments that fail the schema) is left to the server.
 */
export interface DirectToolCalls {
  /** Whether `message` is a request this can run: a plain `tools/call` of a tool it serves. */
  accepts(message: JSONRPCMessage): message is JSONRPCRequest;
  /**
   * Runs an accepted request and resolves with its JSON-RPC response, or with `undefined`, having
   * started nothing, when its arguments fail the tool's schema (the server words that error).
   */
  run(request: JSONRPCRequest, extra: DirectToolCallExtra): Promise<JSONRPCMessage | undefined>;
}

export interface DirectTool {
  inputSchema: z.ZodType;
  handler: PlainToolCallHandler;
  /**
   * How the server answers a handler that throws: a JSON-RPC error (a tool offered as a task,
   * whose plain calls bypass `McpServer`), or a tool error result (`McpServer`'s own handler).
   */
  thrown: 'json-rpc-error' | 'tool-error';
}

const directCallsOfServer = new WeakMap<McpServer, DirectToolCalls>();

/** The direct `tools/call` runner `createExaiServer` built beside `server`, if any. */
export function directToolCallsOf(server: McpServer): DirectToolCalls | undefined {
  return directCallsOfServer.get(server);
}

export function attachDirectToolCalls(server: McpServer, tools: ReadonlyMap<string, DirectTool>): void {
  directCallsOfServer.set(server, createDirectToolCalls(tools));
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const noNotifications = () => Promise.resolve();
const noRequests = () =>
  Promise.reject(new Error('A tool call answered as plain JSON cannot send requests to its client.'));

function createDirectToolCalls(tools: ReadonlyMap<string, DirectTool>): DirectToolCalls {
  return {
    accepts(message): message is JSONRPCRequest {
      if (!('method' in message) || message.method !== 'tools/call' || !('id' in message)) return false;
      const params = message.params;
      if (!isPlainObject(params) || typeof params.name !== 'string' || !tools.has(params.name)) return false;
      const input = params.arguments;
      return (
        (input === undefined || isPlainObject(input)) &&
        params._meta === undefined &&
        params.task === undefined
      );
    },
    async run(request, extra) {
      const params = request.params as { name: string; arguments?: Record<string, unknown> };
      const tool = tools.get(params.name)!;
      const parsed = await tool.inputSchema.safeParseAsync(params.arguments ?? {});
      if (!parsed.success) return undefined;
      const id: RequestId = request.id;
      try {
        const result = await tool.handler(parsed.data, {
          signal: extra.signal,
          abortCall: extra.abortCall,
          authInfo: extra.authInfo,
          requestInfo: extra.requestInfo,
          requestId: id,
          sendNotification: noNotifications,
          sendRequest: noRequests,
        });
        return { jsonrpc: '2.0', id, result };
      } catch (error) {
        // As the server answers a handler that throws (exai's handlers return tool errors instead).
        if (tool.thrown === 'tool-error') {
          const text = error instanceof Error ? error.message : String(error);
          return { jsonrpc: '2.0', id, result: { content: [{ type: 'text', text }], isError: true } };
        }
        return {
          jsonrpc: '2.0',
          id,
          error: {
            code: -32603,
            message: error instanceof Error ? error.message : 'Internal error',
          },
        };
      }
    },
  };
}
