import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, RequestId } from '@modelcontextprotocol/sdk/types.js';

type Responder = (message: JSONRPCMessage | undefined) => void;

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
    for (const message of messages)
      this.onmessage?.(message, authInfo === undefined ? undefined : { authInfo });
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
