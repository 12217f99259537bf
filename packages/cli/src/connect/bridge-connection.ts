import {
  isJSONRPCErrorResponse,
  type JSONRPCMessage,
  type JSONRPCRequest,
} from '@modelcontextprotocol/sdk/types.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { DaemonConnector } from './daemon-connector.js';
import { DaemonSessionGoneError } from './daemon-session-gone-error.js';
import { terminateOrphanedSession, type DaemonSession } from './daemon-session.js';
import { DaemonUnreachableError } from './daemon-unreachable-error.js';
import { describeFailure } from './describe-failure.js';
import { computeReconnectDelay, type ReconnectBackoffOptions } from './reconnect-backoff.js';

export interface BridgeConnectionOptions {
  url: URL;
  headers: Record<string, string>;
  backoff: ReconnectBackoffOptions;
  handshakeTimeoutInMs: number;
  maxHandshakeWaitInMs: number;
  /** After losing the daemon, how long messages wait for a reconnect before failing at once. */
  reconnectGraceInMs: number;
  random?: () => number;
  /** The fetch the sessions use, for deleting sessions left behind too. */
  fetch?: FetchLike;
  log: (line: string) => void;
  isStopping: () => boolean;
  /** A new session with the daemon, its events wired to the bridge. */
  createSession(): DaemonSession;
  /** Whether `session` carries a request whose cut-off answer can be resumed. */
  hasResumableRequests(session: DaemonSession): boolean;
  /** An answer to the client's `initialize`, or the error it gets instead. */
  writeToClient(message: JSONRPCMessage): void;
  /** A session is ready for the client's messages. */
  onSessionReady(session: DaemonSession): void;
  /**
   * `session` was lost (the current one, not yet replaced) and closed; `reason` says why. Not
   * called for a session kept to resume answers (see `onSessionLost` below).
   */
  onSessionLost(session: DaemonSession, reason: string): void;
  /** The daemon is still unreachable after the reconnect grace. */
  onReconnectGivenUp(): void;
}

/**
 * The bridge's session with the daemon: the first handshake, reconnecting when the session is
 * lost (a restart replays the client's `initialize`), re-opening the listen stream, and deleting
 * a session a network failure left at the daemon once it is back.
 *
 * A session lost to a network failure while it carries answers that can be resumed is kept, not
 * closed: new messages go to a new session, while the old one's cut-off answers are resumed on it
 * (in-flight-requests.ts bounds how long). It is deleted only once it carries no request any more,
 * since deleting a session stops the calls still running in it.
 */
export class BridgeConnection {
  private readonly connector: DaemonConnector;
  private current: DaemonSession | undefined;
  private listenAttempt = 0;
  private listenTimer: NodeJS.Timeout | undefined;
  /** Sessions left at the daemon after a network failure, deleted once the daemon is back. */
  private readonly orphanedSessionIds = new Set<string>();
  /** Lost sessions kept open while answers cut off on them are resumed. */
  private readonly kept = new Set<DaemonSession>();
  /** Why each lost session was lost, to tell whether the posts it aborted may have arrived. */
  private readonly lossErrors = new WeakMap<DaemonSession, Error>();

  constructor(private readonly options: BridgeConnectionOptions) {
    this.connector = new DaemonConnector({
      url: options.url,
      backoff: options.backoff,
      handshakeTimeoutInMs: options.handshakeTimeoutInMs,
      maxHandshakeWaitInMs: options.maxHandshakeWaitInMs,
      ...(options.random !== undefined && { random: options.random }),
      log: options.log,
      createSession: () => options.createSession(),
      onReady: (session, answer) => this.onReady(session, answer),
      onHandshakeFailed: (answer) => {
        // The client may show only its own error; the log (often all an IDE shows) says it too.
        if (isJSONRPCErrorResponse(answer)) {
          const { message } = answer.error;
          options.log(
            message.startsWith('exai connect:')
              ? message
              : `exai connect: the daemon refused initialize: ${message}`,
          );
        }
        options.writeToClient(answer);
      },
      onUnreachable: () => {
        if (this.reconnectGivenUp()) options.onReconnectGivenUp();
      },
    });
  }

  /** The session messages go to; undefined while there is none (connecting, or never initialized). */
  get session(): DaemonSession | undefined {
    return this.current;
  }

  /** Whether the client's `initialize` allows opening a session. */
  get canConnect(): boolean {
    return this.connector.canConnect;
  }

  /** Why the daemon could not be reached last time, for error messages. */
  get lastFailure(): string {
    return this.connector.lastFailure;
  }

  /** Why `session` was lost, if it was. */
  lossError(session: DaemonSession): Error | undefined {
    return this.lossErrors.get(session);
  }

  /** The client sent `initialize`: drop the session it had and start over with it. */
  beginHandshake(request: JSONRPCRequest): void {
    const previous = this.current;
    this.current = undefined;
    if (previous !== undefined) void previous.close({ terminate: true });
    this.connector.begin(request);
  }

  markClientInitialized(): void {
    this.connector.markClientInitialized();
  }

  /** Opens a session unless one is being opened or a retry is already scheduled. */
  connect(): void {
    this.connector.connect();
  }

  /** The daemon has been unreachable for longer than the reconnect grace: no reconnect is in progress. */
  reconnectGivenUp(): boolean {
    const since = this.connector.unreachableSince;
    return since !== undefined && Date.now() - since >= this.options.reconnectGraceInMs;
  }

  onListenStreamClosed(session: DaemonSession): void {
    if (this.options.isStopping() || session !== this.current) return;
    // Re-open it after a pause: if the daemon is gone, that attempt finds out and starts reconnecting.
    const delay = computeReconnectDelay(this.listenAttempt++, this.options.backoff, this.options.random);
    clearTimeout(this.listenTimer);
    this.listenTimer = setTimeout(() => {
      if (session === this.current && !this.options.isStopping()) session.reopenListenStream();
    }, delay);
  }

  /**
   * `session` was lost: a new one is opened for the client's messages. When the daemon could not
   * be reached and the session carries answers that can be resumed, it stays open for them (the
   * daemon may well still hold it, as after a short network drop); otherwise it is closed.
   */
  onSessionLost(session: DaemonSession, error: Error): void {
    if (!this.lossErrors.has(session)) this.lossErrors.set(session, error);
    if (this.options.isStopping() || session !== this.current) return;
    this.current = undefined;
    this.connector.lastFailure = describeFailure(error);
    const { href } = this.options.url;
    this.options.log(
      error instanceof DaemonSessionGoneError
        ? `exai connect: ${this.connector.lastFailure}; opening a new session with ${href}`
        : `exai connect: lost the session with ${href} (${this.connector.lastFailure}); reconnecting`,
    );
    if (error instanceof DaemonUnreachableError && this.options.hasResumableRequests(session)) {
      this.kept.add(session);
      this.options.log(
        `exai connect: keeping session ${session.sessionId ?? '(none)'} until the answers cut off on it are resumed`,
      );
    } else {
      if (error instanceof DaemonUnreachableError) this.orphan(session);
      // Aborting its streams fails the requests still waiting on it (see onStreamClosed).
      void session.close({ terminate: false });
      this.options.onSessionLost(session, this.connector.lastFailure);
    }
    this.connector.connect();
  }

  /** `session` carries no request any more: a session kept for resuming is closed and deleted. */
  onSessionIdle(session: DaemonSession): void {
    if (!this.kept.delete(session)) return;
    void session.close({ terminate: false });
    this.orphan(session);
    // Reachable now (the usual case: the resumed answer just came), or once the next session opens.
    if (this.current !== undefined) this.deleteOrphanedSessions();
  }

  /** Stops re-opening the listen stream; call `close` once pending sends are through. */
  stopListening(): void {
    clearTimeout(this.listenTimer);
  }

  /** Stops connecting and ends the session at the daemon, and any kept for resuming. */
  async close(): Promise<void> {
    const session = this.current;
    this.current = undefined;
    const kept = [...this.kept];
    this.kept.clear();
    await Promise.all([
      this.connector.stop(),
      session?.close({ terminate: true }),
      ...kept.map(async (lost) => {
        await lost.close({ terminate: false });
        if (lost.sessionId !== undefined) await this.terminate(lost.sessionId, 2_000);
      }),
    ]);
  }

  private onReady(session: DaemonSession, answer: JSONRPCMessage | undefined): void {
    const reconnected = answer === undefined;
    this.current = session;
    this.listenAttempt = 0;
    this.options.log(
      `exai connect: ${reconnected ? 'reconnected to' : 'connected to'} ${this.options.url.href}` +
        (session.sessionId === undefined ? '' : ` (session ${session.sessionId})`),
    );
    if (answer !== undefined) this.options.writeToClient(answer);
    this.deleteOrphanedSessions();
    this.options.onSessionReady(session);
  }

  private orphan(session: DaemonSession): void {
    if (session.sessionId !== undefined) this.orphanedSessionIds.add(session.sessionId);
  }

  private deleteOrphanedSessions(): void {
    for (const sessionId of this.orphanedSessionIds) void this.terminate(sessionId);
    this.orphanedSessionIds.clear();
  }

  private terminate(sessionId: string, timeoutInMs?: number): Promise<void> {
    const { url, headers, fetch } = this.options;
    return terminateOrphanedSession({
      url,
      headers,
      sessionId,
      ...(fetch !== undefined && { fetch }),
      ...(timeoutInMs !== undefined && { timeoutInMs }),
    }).catch(() => undefined);
  }
}
