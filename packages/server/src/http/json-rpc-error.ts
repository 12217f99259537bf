import type { ServerResponse } from 'node:http';

/** JSON-RPC error codes the HTTP layer answers with (the MCP SDK uses the same ones). */
export const jsonRpcErrorCode = {
  parseError: -32700,
  invalidRequest: -32600,
  invalidParams: -32602,
  /** Server-defined: refused by the transport (bad header, too large, over capacity, forbidden). */
  transportError: -32000,
  /** Server-defined: the `Mcp-Session-Id` names no open session. */
  sessionNotFound: -32001,
} as const;

export interface JsonRpcErrorReply {
  status: number;
  code: number;
  message: string;
  /** The id of the request refused, when known; `null` otherwise. */
  id?: string | number | null;
  headers?: Record<string, string>;
}

/** Ends `response` with a JSON-RPC error body, unless a response was already started. */
export function sendJsonRpcError(
  response: ServerResponse,
  { status, code, message, id = null, headers = {} }: JsonRpcErrorReply,
): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  const body = JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id });
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  response.end(body);
}

/** Ends `response` with a JSON body. */
export function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}
