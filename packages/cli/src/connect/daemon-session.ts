import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  isJSONRPCErrorResponse,
  isJSONRPCResultResponse,
  type JSONRPCErrorResponse,
  type JSONRPCMessage,
  type JSONRPCRequest,
  type JSONRPCResultResponse,
} from '@modelcontextprotocol/sdk/types.js';
import { DaemonSessionGoneError } from './daemon-session-gone-error.js';
import { DaemonUnreachableError } from './daemon-unreachable-error.js';
import { createObservingFetch, type StreamClosedEvent } from './observing-fetch.js';

export type InitializeResponse = JSONRPCResultResponse | JSONRPCErrorResponse;

export interface DaemonSessionOptions {
  url: URL;
  headers: Record<string, string>;
  /** Every message from the daemon except the answer to this session's own `initialize`. */
  onMessage(message: JSONRPCMessage): void;
  /** The daemon went away or forgot the session; called at most once. */
  onLost(error: DaemonUnreachableError | DaemonSessionGoneError): void;
  onStreamClosed(event: StreamClosedEvent): void;
  /** Any other transport error, for the log. */
  onError(error: Error): void;
  fetch?: FetchLike;
}

/** The daemon did not answer `initialize` in time. */
export class HandshakeTimeoutError extends Error {
  constructor(timeoutInMs: number) {
    super(`no answer to initialize within ${timeoutInMs} ms`);
    this.name = 'HandshakeTimeoutError';
  }
}

/**
 * One MCP session with the daemon over the SDK's Streamable HTTP client transport. Messages pass
 * through untouched; the only thing this adds is the handshake (`open`) and loss detection. The
 * transport's own SSE reconnection is off (`maxRetries: 0`): the bridge owns reconnecting.
 */
export class DaemonSession {
  private readonly transport: StreamableHTTPClientTransport;
  private handshake:
    | { id: JSONRPCRequest['id']; resolve(response: InitializeResponse): void; reject(error: Error): void }
    | undefined;
  private lost = false;
  private closed = false;

  constructor(private readonly options: DaemonSessionOptions) {
    this.transport = new StreamableHTTPClientTransport(options.url, {
      requestInit: { headers: options.headers },
      fetch: createObservingFetch({
        onStreamClosed: (event) => {
          const handshake = this.handshake;
          if (handshake !== undefined && event.requestIds.includes(handshake.id)) {
            // Give the answer, if it was the stream's last event, time to come through the parser first.
            setTimeout(
              () => handshake.reject(new Error('the daemon closed the stream before answering initialize')),
              50,
            );
          }
          // Reported even once closed: closing aborts the streams of requests still waiting for an answer.
          options.onStreamClosed(event);
        },
        ...(options.fetch !== undefined && { fetch: options.fetch }),
      }),
      reconnectionOptions: {
        maxRetries: 0,
        initialReconnectionDelay: 1_000,
        maxReconnectionDelay: 1_000,
        reconnectionDelayGrowFactor: 1,
      },
    });
    this.transport.onmessage = (message) => {
      const handshake = this.handshake;
      if (
        handshake !== undefined &&
        (isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message)) &&
        message.id === handshake.id
      ) {
        this.handshake = undefined;
        handshake.resolve(message);
        return;
      }
      if (!this.closed) options.onMessage(message);
    };
    this.transport.onerror = (error) => {
      if (this.closed) return;
      if (error instanceof DaemonUnreachableError || error instanceof DaemonSessionGoneError) {
        if (this.lost) return;
        this.lost = true;
        options.onLost(error);
        return;
      }
      options.onError(error);
    };
  }

  get sessionId(): string | undefined {
    return this.transport.sessionId;
  }

  /** Closed: anything still being posted on it was aborted before the daemon answered. */
  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Sends `initialize` and resolves to the daemon's answer (a result or a JSON-RPC error); rejects
   * when the request cannot be delivered or is not answered within `timeoutInMs`.
   */
  async open(
    initialize: JSONRPCRequest,
    { timeoutInMs }: { timeoutInMs: number },
  ): Promise<InitializeResponse> {
    await this.transport.start();
    let timer: NodeJS.Timeout | undefined;
    const answered = new Promise<InitializeResponse>((resolve, reject) => {
      this.handshake = { id: initialize.id, resolve, reject };
      timer = setTimeout(() => reject(new HandshakeTimeoutError(timeoutInMs)), timeoutInMs);
    });
    try {
      const [response] = await Promise.all([answered, this.transport.send(initialize)]);
      const version = isJSONRPCResultResponse(response) ? response.result.protocolVersion : undefined;
      if (typeof version === 'string') this.transport.setProtocolVersion(version);
      return response;
    } finally {
      clearTimeout(timer);
      this.handshake = undefined;
    }
  }

  /** Sends a message; `onEventId` hears the id of every event of the stream answering it. */
  send(message: JSONRPCMessage, onEventId?: (eventId: string) => void): Promise<void> {
    return this.transport.send(
      message,
      onEventId === undefined ? undefined : { onresumptiontoken: onEventId },
    );
  }

  /**
   * Resumes a cut-off response stream with `Last-Event-ID` (a GET): the daemon replays the events
   * after `lastEventId`, the answer among them. Resolves once the stream is open; rejects when the
   * GET fails (a network failure is a {@link DaemonUnreachableError}), which is also reported to
   * `onLost` or `onError` like any other failure.
   */
  resume(lastEventId: string, onEventId: (eventId: string) => void): Promise<void> {
    return this.transport.resumeStream(lastEventId, { onresumptiontoken: onEventId });
  }

  /** Re-opens the standalone GET stream that carries the daemon's own notifications and requests. */
  reopenListenStream(): void {
    if (this.closed || this.lost) return;
    // resumeStream with no event id is a fresh GET; a failure has already gone to onerror.
    this.transport.resumeStream(undefined as unknown as string).catch(() => undefined);
  }

  /** Ends the session: `terminate` sends DELETE first (bounded by `timeoutInMs`), then every stream is aborted. */
  async close({
    terminate,
    timeoutInMs = 2_000,
  }: {
    terminate: boolean;
    timeoutInMs?: number;
  }): Promise<void> {
    if (this.closed) return;
    if (terminate && !this.lost && this.transport.sessionId !== undefined) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.transport.terminateSession().catch(() => undefined),
        new Promise((resolve) => (timer = setTimeout(resolve, timeoutInMs))),
      ]);
      clearTimeout(timer);
    }
    this.closed = true;
    this.handshake?.reject(new Error('closed'));
    await this.transport.close();
  }
}

/**
 * Sends DELETE for a session left behind on a daemon that is reachable again, waiting at most
 * `timeoutInMs` for the answer; failures are ignored.
 */
export async function terminateOrphanedSession({
  url,
  headers,
  sessionId,
  fetch,
  timeoutInMs = 5_000,
}: {
  url: URL;
  headers: Record<string, string>;
  sessionId: string;
  fetch?: FetchLike;
  timeoutInMs?: number;
}): Promise<void> {
  const transport = new StreamableHTTPClientTransport(url, {
    requestInit: { headers },
    sessionId,
    ...(fetch !== undefined && { fetch }),
  });
  transport.onerror = () => undefined;
  await transport.start();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    transport.terminateSession().catch(() => undefined),
    new Promise((resolve) => (timer = setTimeout(resolve, timeoutInMs))),
  ]);
  clearTimeout(timer);
  await transport.close();
}
