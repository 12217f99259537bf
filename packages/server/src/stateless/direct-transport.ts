import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, JSONRPCRequest, RequestId } from '@modelcontextprotocol/sdk/types.js';

type Responder = (message: JSONRPCMessage | undefined) => void;

/** Where the MCP SDK's protocol layer takes a request it has classified as one. */
export type RequestEntry = (request: JSONRPCRequest, extra?: { authInfo?: AuthInfo }) => void;

/**
 * An in-process transport for one stateless JSON exchange at a time: messages are handed to the
 * connected MCP server directly, and its responses are matched to the waiting requests by id.
 * Notifications the server sends (progress, logs) are dropped: a request that asks for progress
 * takes the SSE path instead.
 */
export class DirectTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: { authInfo?: AuthInfo }) => void;

  private readonly waiting = new Map<RequestId, Responder>();
  private requestEntry: RequestEntry | undefined;

  /**
   * Hands requests straight to `entry` instead of `onmessage`. The SDK's `onmessage` classifies
   * every message by parsing it against its response, error and request schemas in turn (about
   * 18 µs for a `tools/call`, most of it building the failed parses' issues); the messages given to
   * `exchange` were already checked to be JSON-RPC, and a request is told by its `method` and `id`.
   * Everything else still goes through `onmessage`.
   */
  useRequestEntry(entry: RequestEntry): void {
    this.requestEntry = entry;
  }

  async start(): Promise<void> {}

  async send(message: JSONRPCMessage): Promise<void> {
    if (!('id' in message) || message.id === undefined || !('result' in message || 'error' in message))
      return;
    const respond = this.waiting.get(message.id);
    if (respond === undefined) return;
    this.waiting.delete(message.id);
    respond(message);
  }

  async close(): Promise<void> {
    this.waiting.clear();
    this.onclose?.();
  }

  /**
   * Delivers the messages (with the caller's `authInfo`, as the SDK's transports do); resolves with
   * the responses to the requests among them, in order (`undefined` for one cancelled meanwhile
   * with `cancel`).
   */
  exchange(
    messages: readonly JSONRPCMessage[],
    requestIds: readonly RequestId[],
    authInfo?: AuthInfo,
  ): Promise<Array<JSONRPCMessage | undefined>> {
    const answers = requestIds.map(
      (id) => new Promise<JSONRPCMessage | undefined>((resolve) => this.waiting.set(id, resolve)),
    );
    const extra = authInfo === undefined ? undefined : { authInfo };
    for (const message of messages) {
      if (this.requestEntry !== undefined && 'method' in message && 'id' in message)
        this.requestEntry(message, extra);
      else this.onmessage?.(message, extra);
    }
    return Promise.all(answers);
  }

  /**
   * Cancels one waiting request (its client sent `notifications/cancelled` in a later POST): its
   * handler sees an aborted signal and it gets no response, as the MCP spec asks.
   */
  cancel(requestId: RequestId, reason: string): void {
    const respond = this.waiting.get(requestId);
    if (respond === undefined) return;
    this.waiting.delete(requestId);
    this.onmessage?.({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId, reason } });
    respond(undefined);
  }

  /** Cancels requests still waiting (their client went away); their handlers see an aborted signal. */
  cancelWaiting(reason: string): void {
    for (const requestId of this.waiting.keys()) {
      this.onmessage?.({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId, reason } });
    }
    this.waiting.clear();
  }
}
