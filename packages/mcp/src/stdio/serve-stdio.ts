import type { Readable, Writable } from 'node:stream';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { LineTransport } from './line-transport.js';

export interface ServeStdioOptions {
  /** Default `process.stdin`. */
  stdin?: Readable;
  /** Default `process.stdout`. Nothing but JSON-RPC may be written to it. */
  stdout?: Writable;
  /** Largest message accepted; a longer one is skipped and answered with an error. Default 4 MiB. */
  maxMessageBytes?: number;
  /** Receives a line for every malformed or oversized message refused (write it to stderr). */
  log?: (line: string) => void;
}

export interface StdioServing {
  /** Resolves when the connection closes: stdin ended, `close()` was called, or the transport failed. */
  closed: Promise<void>;
  /** Closes the server and its transport; safe to call more than once. */
  close(): Promise<void>;
}

/** Connects the server to stdio and resolves once it is listening. */
export async function serveStdio(
  server: McpServer,
  { stdin = process.stdin, stdout = process.stdout, maxMessageBytes, log }: ServeStdioOptions = {},
): Promise<StdioServing> {
  const transport = new LineTransport({
    stdin,
    stdout,
    ...(maxMessageBytes !== undefined && { maxMessageBytes }),
    ...(log !== undefined && { log }),
  });
  let markClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= server.close().finally(markClosed);
    return closing;
  };
  server.server.onclose = markClosed;
  await server.connect(transport);
  // The SDK's transport does not notice the end of its input; a client that goes away ends stdin.
  stdin.once('end', () => void close());
  stdin.once('close', () => void close());
  return { closed, close };
}
