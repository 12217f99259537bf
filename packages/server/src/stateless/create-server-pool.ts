import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

/** Idle MCP servers kept for reuse across stateless requests. */
export interface ServerPool {
  acquire(): McpServer;
  /** Returns a server whose transport is closed and that has no request in flight. */
  release(server: McpServer): void;
}

/**
 * Building an MCP server (every tool registered, a JSON Schema validator compiled) costs about a
 * millisecond — more than the rest of a small stateless request. A server whose request ended
 * cleanly is reused instead; one whose client went away mid-call is dropped, never reused.
 */
export function createServerPool(
  createServer: () => McpServer,
  { maxIdle }: { maxIdle: number },
): ServerPool {
  const idle: McpServer[] = [];
  return {
    acquire: () => idle.pop() ?? createServer(),
    release(server) {
      if (idle.length < maxIdle) idle.push(server);
    },
  };
}
