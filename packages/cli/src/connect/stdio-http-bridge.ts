import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LineTransport } from '@exai/mcp';
import {
  isJSONRPCErrorResponse,
  isJSONRPCNotification,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  type JSONRPCErrorResponse,
  type JSONRPCMessage,
  type JSONRPCNotification,
  type JSONRPCResultResponse,
  type RequestId,
} from '@modelcontextprotocol/sdk/types.js';
import {
  createLostResponse,
  createRefusedResponse,
  createUnreachableResponse,
} from './bridge-error-responses.js';
import { BridgeConnection } from './bridge-connection.js';
import { DaemonConnectionLostError } from './daemon-connection-lost-error.js';
import { DaemonSession } from './daemon-session.js';
import { describeFailure, isNotDelivered } from './describe-failure.js';
import { InFlightRequests } from './in-flight-requests.js';
import { PendingQueue } from './pending-queue.js';
import { DEFAULT_RECONNECT_BACKOFF } from './reconnect-backoff.js';
import {
  DEFAULT_MAX_RESUME_WAIT_IN_MS,
  type StdioHttpBridge,
  type StdioHttpBridgeOptions,
} from './stdio-http-bridge-options.js';

export type { StdioHttpBridge, StdioHttpBridgeOptions } from './stdio-http-bridge-options.js';

/** A message the daemon turned away as "session gone" this many times gets an error instead. */
const MAX_RESENDS = 2;

/**
 * Pumps MCP messages between a stdio client and a Streamable HTTP daemon, message for message:
 * ids, cancellations and progress pass through unchanged. When the daemon is down or restarts,
 * it queues what the client sends (bounded), reconnects with capped exponential backoff, replays
 * the client's `initialize` and `notifications/initialized` on the new session (swallowing the
 * replayed answer), and answers each request it cannot deliver with a JSON-RPC error.
 *
 * This file forwards messages; bridge-connection.ts keeps the session with the daemon, and
 * in-flight-requests.ts the requests awaiting answers and the resuming of cut-off ones.
 */
export function startStdioHttpBridge(options: StdioHttpBridgeOptions): StdioHttpBridge {
  const bridge = new Bridge(options);
  return { closed: bridge.closed, close: () => bridge.close(), sessionId: () => bridge.sessionId() };
}

class Bridge {
  readonly closed: Promise<void>;
  private resolveClosed!: () => void;
  private readonly url: URL;
  private readonly headers: Record<string, string>;
  private readonly log: (line: string) => void;
  private readonly stdio: LineTransport;
  private readonly queue: PendingQueue;
  private readonly connection: BridgeConnection;
  private readonly inFlight: InFlightRequests;
  private readonly sends = new Set<Promise<void>>();
  private readonly resends = new WeakMap<JSONRPCMessage, number>();
  private stopping = false;

  constructor(private readonly options: StdioHttpBridgeOptions) {
    this.url = options.url;
    this.headers = options.headers ?? {};
    this.log = options.log ?? (() => undefined);
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    const isStopping = () => this.stopping;
    const backoff = { ...DEFAULT_RECONNECT_BACKOFF, ...options.backoff };
    this.queue = new PendingQueue({
      maxMessages: options.maxQueuedMessages ?? 100,
      maxWaitInMs: options.maxQueueWaitInMs ?? 30_000,
      onExpired: (message) => this.failUndelivered(message),
    });
    this.inFlight = new InFlightRequests({
      log: this.log,
      isStopping,
      onLost: (id, reason) => this.writeToClient(createLostResponse(id, this.url, reason)),
      backoff,
      maxResumeWaitInMs: options.maxResumeWaitInMs ?? DEFAULT_MAX_RESUME_WAIT_IN_MS,
      ...(options.random !== undefined && { random: options.random }),
      onSessionIdle: (session) => this.connection.onSessionIdle(session),
    });
    this.connection = new BridgeConnection({
      url: this.url,
      headers: this.headers,
      backoff,
      handshakeTimeoutInMs: options.handshakeTimeoutInMs ?? 10_000,
      maxHandshakeWaitInMs: options.maxQueueWaitInMs ?? 30_000,
      reconnectGraceInMs: options.reconnectGraceInMs ?? 5_000,
      ...(options.random !== undefined && { random: options.random }),
      ...(options.fetch !== undefined && { fetch: options.fetch }),
      log: this.log,
      isStopping,
      createSession: () => this.createSession(),
      hasResumableRequests: (session) => this.inFlight.hasResumable(session),
      writeToClient: (message) => this.writeToClient(message),
      onSessionReady: (session) => {
        for (const message of this.queue.drain()) this.sendNow(session, message);
      },
      onSessionLost: (session, reason) => this.inFlight.failResumingOn(session, reason),
      onReconnectGivenUp: () => {
        for (const message of this.queue.drain()) this.failUndelivered(message);
      },
    });
    // The same hardened line transport as `exai serve`: a malformed or oversized line is answered
    // with a JSON-RPC error (logged on stderr) and the bridge keeps going.
    this.stdio = new LineTransport({ stdin: options.stdin, stdout: options.stdout, log: this.log });
    this.stdio.onmessage = (message) => this.onClientMessage(message);
    this.stdio.onerror = (error) => this.log(`exai connect: cannot read stdin: ${error.message}`);
    options.stdin.once('end', () => void this.close());
    options.stdin.once('close', () => void this.close());
    options.stdin.once('error', () => void this.close());
    options.stdout.once('error', () => void this.close());
    void this.stdio.start();
  }

  sessionId(): string | undefined {
    return this.connection.session?.sessionId;
  }

  // ---- from the client ------------------------------------------------------------------------

  private onClientMessage(message: JSONRPCMessage): void {
    if (this.stopping) return;
    this.queue.noteArrival(message);
    if (isJSONRPCRequest(message) && message.method === 'initialize')
      return this.connection.beginHandshake(message);
    if (isInitializedNotification(message)) {
      this.connection.markClientInitialized();
      // Without a session, the next handshake sends it.
      if (this.connection.session === undefined) return;
    }
    if (isJSONRPCNotification(message) && message.method === 'notifications/cancelled')
      return this.cancel(message);
    if (isResponse(message) && this.connection.session === undefined) return; // answers a request of a session now gone
    this.deliver(message);
  }

  private cancel(message: JSONRPCNotification): void {
    const requestId = (message.params as { requestId?: RequestId } | undefined)?.requestId;
    if (requestId === undefined) return;
    if (this.queue.removeRequest(requestId)) return; // never sent: nothing to cancel at the daemon
    const carrier = this.inFlight.carrier(requestId);
    if (carrier === undefined) return;
    // The current session, or a lost one kept to resume answers: the daemon stops the call.
    if (!carrier.isClosed) this.trackSend(carrier.send(message).catch(() => undefined));
    this.inFlight.remove(requestId); // a cancelled request gets no answer, and must not get an error either
  }

  private deliver(message: JSONRPCMessage): void {
    const { session } = this.connection;
    if (session !== undefined) return this.sendNow(session, message);
    if (!this.connection.canConnect) {
      // The client never initialized (or its initialize was answered with an error): nothing to wait for.
      return this.failUndelivered(message);
    }
    if (this.connection.reconnectGivenUp()) {
      this.connection.connect();
      return this.failUndelivered(message);
    }
    if (!this.queue.add(message)) return this.failUndelivered(message, 'and too many messages are waiting');
    this.connection.connect();
  }

  private sendNow(session: DaemonSession, message: JSONRPCMessage): void {
    if (isJSONRPCRequest(message)) this.inFlight.add(message.id, session);
    const onEventId = isJSONRPCRequest(message)
      ? (eventId: string) => this.inFlight.noteEventId(message.id, eventId)
      : undefined;
    this.trackSend(
      session.send(message, onEventId).catch((error: unknown) => this.onSendFailed(session, message, error)),
    );
  }

  private onSendFailed(session: DaemonSession, message: JSONRPCMessage, error: unknown): void {
    if (this.stopping) return;
    if (isJSONRPCRequest(message)) {
      if (this.inFlight.carrier(message.id) !== session) return; // cancelled meanwhile
      this.inFlight.remove(message.id);
    }
    if (error instanceof DaemonConnectionLostError) this.connection.onSessionLost(session, error);
    // A post aborted because its session was found lost never got an answer either; when the
    // daemon had dropped that session (404) or could not be connected to, sending it again is safe.
    const lossError = this.connection.lossError(session);
    if (
      isNotDelivered(error) ||
      (session.isClosed && (lossError === undefined || isNotDelivered(lossError)))
    ) {
      if (error instanceof Error) this.connection.onSessionLost(session, error);
      const resends = (this.resends.get(message) ?? 0) + 1;
      this.resends.set(message, resends);
      // A response is for a session now gone; the next session's handshake sends `initialized` itself.
      if (isResponse(message) || isInitializedNotification(message)) return;
      if (resends > MAX_RESENDS) return this.failUndelivered(message);
      const current = this.connection.session;
      if (current !== undefined) return this.sendNow(current, message);
      if (!this.queue.add(message)) return this.failUndelivered(message);
      return this.connection.connect();
    }
    if (isJSONRPCRequest(message)) {
      // Refused with an HTTP status, it did not run; failing any other way, it may have.
      const createResponse =
        error instanceof StreamableHTTPError ? createRefusedResponse : createLostResponse;
      this.writeToClient(createResponse(message.id, this.url, describeFailure(error)));
    } else {
      this.log(`exai connect: the daemon did not take a message from the client: ${describeFailure(error)}`);
    }
  }

  private failUndelivered(message: JSONRPCMessage, detail?: string): void {
    if (this.stopping) return;
    const { lastFailure } = this.connection;
    const reason = detail === undefined ? lastFailure : `${lastFailure}, ${detail}`;
    if (isJSONRPCRequest(message))
      this.writeToClient(createUnreachableResponse(message.id, this.url, reason));
    else if (isJSONRPCNotification(message)) this.log(`exai connect: dropped ${message.method}: ${reason}`);
  }

  // ---- from the daemon ------------------------------------------------------------------------

  private createSession(): DaemonSession {
    const session: DaemonSession = new DaemonSession({
      url: this.url,
      headers: this.headers,
      ...(this.options.fetch !== undefined && { fetch: this.options.fetch }),
      onMessage: (message) => {
        // Not settled: answered with an error already, or cancelled.
        if (isResponse(message) && message.id !== undefined && !this.inFlight.settle(message.id, session))
          return;
        this.writeToClient(message);
      },
      onLost: (error) => this.connection.onSessionLost(session, error),
      onStreamClosed: (event) => {
        if (!this.inFlight.onStreamClosed(session, event)) this.connection.onListenStreamClosed(session);
      },
      onError: (error) => {
        if (
          // A refused POST is reported where it was sent: as the request's error, or a log line of its own.
          !/Maximum reconnection attempts|SSE stream disconnected|AbortError|aborted|Error POSTing to endpoint/i.test(
            error.message,
          )
        ) {
          this.log(`exai connect: ${error.message}`);
        }
      },
    });
    return session;
  }

  private writeToClient(message: JSONRPCMessage): void {
    if (this.stopping) return;
    this.stdio
      .send(message)
      .catch((error: unknown) => this.log(`exai connect: cannot write to stdout: ${error}`));
  }

  private trackSend(sending: Promise<void>): void {
    this.sends.add(sending);
    void sending.finally(() => this.sends.delete(sending));
  }

  async close(): Promise<void> {
    if (this.stopping) return this.closed;
    this.stopping = true;
    this.queue.drain();
    this.connection.stopListening();
    // Let messages the client wrote just before it closed stdin reach the daemon.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.sends]),
      new Promise((resolve) => (timer = setTimeout(resolve, 2_000))),
    ]);
    clearTimeout(timer);
    await this.connection.close();
    await this.stdio.close();
    this.log('exai connect: stopped');
    this.resolveClosed();
  }
}

function isInitializedNotification(message: JSONRPCMessage): boolean {
  return isJSONRPCNotification(message) && message.method === 'notifications/initialized';
}

function isResponse(message: JSONRPCMessage): message is JSONRPCResultResponse | JSONRPCErrorResponse {
  return isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message);
}
