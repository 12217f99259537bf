import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, JSONRPCRequest, RequestId } from '@modelcontextprotocol/sdk/types.js';

/** One POST's SSE response and the requests of it still waiting for their answer. */
interface Stream {
  response: ServerResponse;
  /** Internal id → the client's id, for each request not yet answered or cancelled. */
  waiting: Map<number, RequestId>;
}

/**
 * An in-process transport through which one MCP server serves the SSE calls of many stateless
 * POSTs at once, so a long call in flight holds a few small objects instead of an MCP server
 * and an SDK transport of its own. Each request gets an id unique within the server (clients'
 * ids collide: every client has a request `1`), and its answer and the notifications sent for it
 * are written, as SSE events with the client's id, to the response of the POST that carried it.
 * The response ends once every request of its POST is answered or cancelled. Server messages
 * that belong to no request are dropped, as on a stateless SDK transport with no GET stream.
 */
export class SharedStreamTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: { authInfo?: AuthInfo }) => void;

  private nextId = 0;
  private readonly streams = new Map<number, Stream>();
  private readonly openStreams = new Set<Stream>();
  private heartbeat: ReturnType<typeof setInterval> | undefined;

  /** `heartbeatIntervalInMs`: an SSE comment on every open stream this often (0: none). */
  constructor(private readonly heartbeatIntervalInMs: number) {}

  async start(): Promise<void> {}

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    const answer = 'result' in message || 'error' in message;
    const internalId = answer ? (message as { id?: RequestId }).id : options?.relatedRequestId;
    if (typeof internalId !== 'number') return;
    const stream = this.streams.get(internalId);
    const clientId = stream?.waiting.get(internalId);
    if (stream === undefined || clientId === undefined) return;
    if (!answer) {
      writeEvent(stream.response, message);
      return;
    }
    writeEvent(stream.response, { ...message, id: clientId } as JSONRPCMessage);
    this.settle(stream, internalId);
  }

  async close(): Promise<void> {
    for (const stream of [...this.openStreams]) this.cancelStream(stream, 'The server is closing');
    if (this.heartbeat !== undefined) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    this.onclose?.();
  }

  /**
   * Answers `request`'s POST with an SSE stream and hands it `requests` (all with an id, distinct
   * within the POST). Returns a function that cancels one of them by the client's id (a cancel
   * from another POST): its handler sees an aborted signal and it gets no answer. A client that
   * goes away cancels every request of its POST that is still running.
   */
  open(
    request: IncomingMessage,
    response: ServerResponse,
    requests: readonly JSONRPCRequest[],
    authInfo: AuthInfo | undefined,
  ): (clientId: RequestId, reason: string) => void {
    const stream: Stream = { response, waiting: new Map() };
    const assigned = requests.map((message) => {
      const internalId = (this.nextId = (this.nextId + 1) % Number.MAX_SAFE_INTEGER);
      stream.waiting.set(internalId, message.id);
      this.streams.set(internalId, stream);
      return { ...message, id: internalId };
    });
    this.openStreams.add(stream);
    this.startHeartbeat();
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    response.flushHeaders();
    response.once('close', () => {
      if (stream.waiting.size > 0) this.cancelStream(stream, 'The HTTP client disconnected');
    });
    const extra = { requestInfo: { headers: request.headers }, ...(authInfo !== undefined && { authInfo }) };
    for (const message of assigned) this.onmessage?.(message, extra);
    // A client gone before its stream opened sends no `close` any more.
    if (response.socket === null || response.socket.destroyed)
      this.cancelStream(stream, 'The HTTP client disconnected');
    return (clientId, reason) => {
      for (const [internalId, id] of stream.waiting) {
        if (id !== clientId) continue;
        this.cancelRequest(stream, internalId, reason);
        return;
      }
    };
  }

  private cancelStream(stream: Stream, reason: string): void {
    for (const internalId of [...stream.waiting.keys()]) this.cancelRequest(stream, internalId, reason);
  }

  private cancelRequest(stream: Stream, internalId: number, reason: string): void {
    this.settle(stream, internalId);
    this.onmessage?.({
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId: internalId, reason },
    });
  }

  /** The request is answered or cancelled: forget it, and end its POST's stream after the last. */
  private settle(stream: Stream, internalId: number): void {
    stream.waiting.delete(internalId);
    this.streams.delete(internalId);
    if (stream.waiting.size > 0) return;
    this.openStreams.delete(stream);
    if (!stream.response.writableEnded) stream.response.end();
    if (this.openStreams.size === 0 && this.heartbeat !== undefined) {
      clearInterval(this.heartbeat);
      this.heartbeat = undefined;
    }
  }

  /** One timer for every open stream, rather than one per stream. */
  private startHeartbeat(): void {
    if (this.heartbeat !== undefined || !(this.heartbeatIntervalInMs > 0)) return;
    this.heartbeat = setInterval(() => {
      for (const { response } of this.openStreams) {
        if (!response.writableEnded) response.write(': keepalive\n\n');
      }
    }, this.heartbeatIntervalInMs);
    this.heartbeat.unref();
  }
}

function writeEvent(response: ServerResponse, message: JSONRPCMessage): void {
  if (response.writableEnded || response.destroyed) return;
  response.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
}
