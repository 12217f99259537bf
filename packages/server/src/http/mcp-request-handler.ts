import type { IncomingMessage, ServerResponse } from 'node:http';

/** Serves MCP requests on the endpoint path, after the Host/Origin checks and the body are done. */
export interface McpRequestHandler {
  /** `body` is the parsed JSON of a POST, `undefined` for GET and DELETE. */
  handle(request: IncomingMessage, response: ServerResponse, body: unknown): Promise<void>;
  sessionCount(): number;
  close(): Promise<void>;
}

/** The JSON-RPC messages of a body: a batch array or a single message. */
export function messagesOf(body: unknown): Array<Record<string, unknown>> {
  const list = Array.isArray(body) ? (body as unknown[]) : [body];
  return list.filter(
    (message): message is Record<string, unknown> => typeof message === 'object' && message !== null,
  );
}

/**
 * Whether a body asks for work: holds a JSON-RPC request (`method` and `id`). A body of only
 * notifications (a cancel, `initialized`) and responses starts nothing, so neither a draining
 * daemon nor a rate limit refuses it: a client can always stop what it started.
 */
export function startsWork(body: unknown): boolean {
  return messagesOf(body).some((message) => typeof message.method === 'string' && message.id !== undefined);
}

/** Whether a body carries an `initialize` request. */
export function isInitializeBody(body: unknown): boolean {
  return messagesOf(body).some((message) => message.method === 'initialize');
}

/** The id of the first request in a body, to answer a refusal with. */
export function firstRequestId(body: unknown): string | number | null {
  for (const message of messagesOf(body)) {
    if (typeof message.id === 'string' || typeof message.id === 'number') return message.id;
  }
  return null;
}
