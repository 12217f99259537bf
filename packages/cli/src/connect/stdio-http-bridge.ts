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
  type JSONRPCRequest,
  type JSONRPCResultResponse,
  type RequestId,
} from '@modelcontextprotocol/sdk/types.js';
import {
  createLostResponse,
  createRefusedResponse,
  createUnreachableResponse,
} from './bridge-error-responses.js';
import { DaemonConnectionLostError } from './daemon-connection-lost-error.js';
import { DaemonConnector } from './daemon-connector.js';
import { DaemonSessionGoneError } from './daemon-session-gone-error.js';
import { DaemonSession, terminateOrphanedSession } from './daemon-session.js';
import { DaemonUnreachableError } from './daemon-unreachable-error.js';
import { describeFailure, isNotDelivered } from './describe-failure.js';
import { PendingQueue } from './pending-queue.js';
import {
  computeReconnectDelay,
  DEFAULT_RECONNECT_BACKOFF,
  type ReconnectBackoffOptions,
} from './reconnect-backoff.js';
import type { StdioHttpBridge, StdioHttpBridgeOptions } from './stdio-http-bridge-options.js';

export type { StdioHttpBridge, StdioHttpBridgeOptions } from './stdio-http-bridge-options.js';

/** After a response stream ends, how long its last events get to come through before its requests fail. */
const STREAM_CLOSE_GRACE_IN_MS = 50;
/** A message the daemon turned away as "session gone" this many times gets an error instead. */
const MAX_RESENDS = 2;
/** How many times a cut-off answer is resumed with `Last-Event-ID` before its request fails. */
const MAX_RESUMES = 3;

/**
 * Pumps MCP messages between a stdio client and a Streamable HTTP daemon, message for message:
 * ids, cancellations and progress pass through unchanged. When the daemon is down or restarts,
 * it queues what the client sends (bounded), reconnects with capped exponential backoff, replays
 * the client's `initialize` and `notifications/initialized` on the new session (swallowing the
 * replayed answer), and answers each request it cannot deliver with a JSON-RPC error.
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
  private readonly backoff: ReconnectBackoffOptions;
  private readonly stdio: LineTransport;
  private readonly queue: PendingQueue;
  /** Requests sent to the daemon and not yet answered, with the session that carries each. */
  private readonly inFlight = new Map<RequestId, DaemonSession>();
  private readonly sends = new Set<Promise<void>>();
  private readonly resends = new WeakMap<JSONRPCMessage, number>();
  /** The id of the last event received for each request in flight, to resume its stream with. */
  private readonly lastEventIds = new Map<RequestId, string>();
  private readonly resumeCounts = new Map<RequestId, number>();
  /** Resumes in progress: the `Last-Event-ID` each sent, with the request it resumes. */
  private readonly resuming = new Map<string, RequestId>();
  /** Why each lost session was lost, to tell whether the posts it aborted may have arrived. */
  private readonly lossErrors = new WeakMap<DaemonSession, Error>();

  private readonly connector: DaemonConnector;
  private session: DaemonSession | undefined;
  private listenAttempt = 0;
  private listenTimer: NodeJS.Timeout | undefined;
  /** A session left at the daemon after a network failure, deleted once the daemon is back. */
  private orphanedSessionId: string | undefined;
  private stopping = false;

  constructor(private readonly options: StdioHttpBridgeOptions) {
    this.url = options.url;
    this.headers = options.headers ?? {};
    this.log = options.log ?? (() => undefined);
    this.backoff = { ...DEFAULT_RECONNECT_BACKOFF, ...options.backoff };
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    this.queue = new PendingQueue({
      maxMessages: options.maxQueuedMessages ?? 100,
      maxWaitInMs: options.maxQueueWaitInMs ?? 30_000,
      onExpired: (message) => this.failUndelivered(message),
    });
    this.connector = new DaemonConnector({
      url: this.url,
      backoff: this.backoff,
      handshakeTimeoutInMs: options.handshakeTimeoutInMs ?? 10_000,
      maxHandshakeWaitInMs: options.maxQueueWaitInMs ?? 30_000,
      ...(options.random !== undefined && { random: options.random }),
      log: this.log,
      createSession: () => this.createSession(),
      onReady: (session, answer) => this.onReady(session, answer),
      onHandshakeFailed: (answer) => this.writeToClient(answer),
      onUnreachable: () => {
        if (this.reconnectGivenUp()) for (const message of this.queue.drain()) this.failUndelivered(message);
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
    return this.session?.sessionId;
  }

  // ---- from the client ------------------------------------------------------------------------

  private onClientMessage(message: JSONRPCMessage): void {
    if (this.stopping) return;
    this.queue.noteArrival(message);
    if (isJSONRPCRequest(message) && message.method === 'initialize') return this.beginHandshake(message);
    if (isInitializedNotification(message)) {
      this.connector.markClientInitialized();
      // Without a session, the next handshake sends it.
      if (this.session === undefined) return;
    }
    if (isJSONRPCNotification(message) && message.method === 'notifications/cancelled')
      return this.cancel(message);
    if (isResponse(message) && this.session === undefined) return; // answers a request of a session now gone
    this.deliver(message);
  }

  private beginHandshake(request: JSONRPCRequest): void {
    const previous = this.session;
    this.session = undefined;
    if (previous !== undefined) void previous.close({ terminate: true });
    this.connector.begin(request);
  }

  private cancel(message: JSONRPCNotification): void {
    const requestId = (message.params as { requestId?: RequestId } | undefined)?.requestId;
    if (requestId === undefined) return;
    if (this.queue.removeRequest(requestId)) return; // never sent: nothing to cancel at the daemon
    const carrier = this.inFlight.get(requestId);
    if (carrier === undefined) return;
    this.inFlight.delete(requestId); // a cancelled request gets no answer, and must not get an error either
    if (carrier === this.session) this.trackSend(carrier.send(message).catch(() => undefined));
  }

  /** The daemon has been unreachable for longer than the reconnect grace: no reconnect is in progress. */
  private reconnectGivenUp(): boolean {
    const since = this.connector.unreachableSince;
    return since !== undefined && Date.now() - since >= (this.options.reconnectGraceInMs ?? 5_000);
  }

  private deliver(message: JSONRPCMessage): void {
    if (this.session !== undefined) return this.sendNow(this.session, message);
    if (!this.connector.canConnect) {
      // The client never initialized (or its initialize was answered with an error): nothing to wait for.
      return this.failUndelivered(message);
    }
    if (this.reconnectGivenUp()) {
      this.connector.connect();
      return this.failUndelivered(message);
    }
    if (!this.queue.add(message)) return this.failUndelivered(message, 'and too many messages are waiting');
    this.connector.connect();
  }

  private sendNow(session: DaemonSession, message: JSONRPCMessage): void {
    if (isJSONRPCRequest(message)) this.inFlight.set(message.id, session);
    const onEventId = isJSONRPCRequest(message)
      ? (eventId: string) => this.lastEventIds.set(message.id, eventId)
      : undefined;
    this.trackSend(
      session.send(message, onEventId).catch((error: unknown) => this.onSendFailed(session, message, error)),
    );
  }

  /**
   * A response stream ended before the answers of `requestIds`: each request whose stream had
   * event ids is resumed with `Last-Event-ID` (the daemon replays the rest of its answer, even
   * after a restart); the others fail with the lost error.
   */
  private resumeOrFail(session: DaemonSession, requestIds: RequestId[], reason: string): void {
    if (this.stopping) return;
    const failing: RequestId[] = [];
    for (const id of requestIds) {
      const lastEventId = this.lastEventIds.get(id);
      const resumes = this.resumeCounts.get(id) ?? 0;
      if (this.inFlight.get(id) !== session || session.isClosed) {
        failing.push(id);
        continue;
      }
      if (lastEventId === undefined || resumes >= MAX_RESUMES) {
        failing.push(id);
        continue;
      }
      this.resumeCounts.set(id, resumes + 1);
      this.resuming.set(lastEventId, id);
      this.log(
        `exai connect: the answer to request ${String(id)} was cut off; resuming it after event ${lastEventId}`,
      );
      session
        .resume(id, lastEventId, (eventId) => this.lastEventIds.set(id, eventId))
        .catch(() => this.failInFlight(session, [id], reason));
    }
    this.failInFlight(session, failing, reason);
  }

  private onSendFailed(session: DaemonSession, message: JSONRPCMessage, error: unknown): void {
    if (this.stopping) return;
    if (isJSONRPCRequest(message)) {
      if (this.inFlight.get(message.id) !== session) return; // cancelled meanwhile
      this.inFlight.delete(message.id);
    }
    if (error instanceof DaemonConnectionLostError) this.onSessionLost(session, error);
    // A post aborted because its session was found lost never got an answer either; when the
    // daemon had dropped that session (404) or could not be connected to, sending it again is safe.
    const lossError = this.lossErrors.get(session);
    if (
      isNotDelivered(error) ||
      (session.isClosed && (lossError === undefined || isNotDelivered(lossError)))
    ) {
      if (error instanceof Error) this.onSessionLost(session, error);
      const resends = (this.resends.get(message) ?? 0) + 1;
      this.resends.set(message, resends);
      // A response is for a session now gone; the next session's handshake sends `initialized` itself.
      if (isResponse(message) || isInitializedNotification(message)) return;
      if (resends > MAX_RESENDS) return this.failUndelivered(message);
      if (this.session !== undefined) return this.sendNow(this.session, message);
      if (!this.queue.add(message)) return this.failUndelivered(message);
      return this.connector.connect();
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
    const { lastFailure } = this.connector;
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
        if (isResponse(message) && message.id !== undefined) {
          if (this.inFlight.get(message.id) !== session) return; // answered with an error already, or cancelled
          this.inFlight.delete(message.id);
          this.lastEventIds.delete(message.id);
          this.resumeCounts.delete(message.id);
        }
        this.writeToClient(message);
      },
      onLost: (error) => this.onSessionLost(session, error),
      onStreamClosed: ({ method, requestIds, error, lastEventId }) => {
        const reason = error === undefined ? 'the daemon ended the response stream' : describeFailure(error);
        const resumed = lastEventId === undefined ? undefined : this.resuming.get(lastEventId);
        if (method === 'GET' && resumed === undefined) return this.onListenStreamClosed(session);
        if (lastEventId !== undefined) this.resuming.delete(lastEventId);
        const ids = resumed === undefined ? requestIds : [resumed];
        setTimeout(() => this.resumeOrFail(session, ids, reason), STREAM_CLOSE_GRACE_IN_MS);
      },
      onError: (error) => {
        if (
          !/Maximum reconnection attempts|SSE stream disconnected|AbortError|aborted/i.test(error.message)
        ) {
          this.log(`exai connect: ${error.message}`);
        }
      },
    });
    return session;
  }

  private failInFlight(session: DaemonSession, requestIds: RequestId[], reason: string): void {
    if (this.stopping) return;
    for (const id of requestIds) {
      if (this.inFlight.get(id) !== session) continue;
      this.inFlight.delete(id);
      this.lastEventIds.delete(id);
      this.resumeCounts.delete(id);
      this.writeToClient(createLostResponse(id, this.url, reason));
    }
  }

  private onListenStreamClosed(session: DaemonSession): void {
    if (this.stopping || session !== this.session) return;
    // Re-open it after a pause: if the daemon is gone, that attempt finds out and starts reconnecting.
    const delay = computeReconnectDelay(this.listenAttempt++, this.backoff, this.options.random);
    clearTimeout(this.listenTimer);
    this.listenTimer = setTimeout(() => {
      if (session === this.session && !this.stopping) session.reopenListenStream();
    }, delay);
  }

  private onSessionLost(session: DaemonSession, error: Error): void {
    if (!this.lossErrors.has(session)) this.lossErrors.set(session, error);
    if (this.stopping || session !== this.session) return;
    this.session = undefined;
    this.connector.lastFailure = describeFailure(error);
    if (error instanceof DaemonUnreachableError) this.orphanedSessionId = session.sessionId;
    this.log(
      error instanceof DaemonSessionGoneError
        ? `exai connect: ${this.connector.lastFailure}; opening a new session with ${this.url.href}`
        : `exai connect: lost the session with ${this.url.href} (${this.connector.lastFailure}); reconnecting`,
    );
    // Aborting its streams fails the requests still waiting on it (see onStreamClosed); a request
    // whose resume never got a stream fails here.
    void session.close({ terminate: false });
    const waiting = [...this.inFlight].filter(([, carrier]) => carrier === session).map(([id]) => id);
    const resumingIds = new Set(this.resuming.values());
    this.failInFlight(
      session,
      waiting.filter((id) => resumingIds.has(id)),
      this.connector.lastFailure,
    );
    this.connector.connect();
  }

  // ---- connecting -----------------------------------------------------------------------------

  private onReady(session: DaemonSession, answer: JSONRPCMessage | undefined): void {
    const reconnected = answer === undefined;
    this.session = session;
    this.listenAttempt = 0;
    this.log(
      `exai connect: ${reconnected ? 'reconnected to' : 'connected to'} ${this.url.href}` +
        (session.sessionId === undefined ? '' : ` (session ${session.sessionId})`),
    );
    if (answer !== undefined) this.writeToClient(answer);
    this.deleteOrphanedSession();
    for (const message of this.queue.drain()) this.sendNow(session, message);
  }

  private deleteOrphanedSession(): void {
    const sessionId = this.orphanedSessionId;
    this.orphanedSessionId = undefined;
    if (sessionId !== undefined) {
      void terminateOrphanedSession({ url: this.url, headers: this.headers, sessionId }).catch(
        () => undefined,
      );
    }
  }

  // ---- plumbing -------------------------------------------------------------------------------

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
    clearTimeout(this.listenTimer);
    // Let messages the client wrote just before it closed stdin reach the daemon.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.sends]),
      new Promise((resolve) => (timer = setTimeout(resolve, 2_000))),
    ]);
    clearTimeout(timer);
    const session = this.session;
    this.session = undefined;
    await Promise.all([this.connector.stop(), session?.close({ terminate: true })]);
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
