import {
  isJSONRPCErrorResponse,
  type JSONRPCMessage,
  type JSONRPCRequest,
} from '@modelcontextprotocol/sdk/types.js';
import { createRefusedResponse, createUnreachableResponse } from './bridge-error-responses.js';
import { DaemonSessionGoneError } from './daemon-session-gone-error.js';
import type { DaemonSession } from './daemon-session.js';
import { DaemonUnreachableError } from './daemon-unreachable-error.js';
import { isTlsFailureReason } from './describe-tls-failure.js';
import { describeFailure, isRetryableHandshakeFailure } from './describe-failure.js';
import { computeReconnectDelay, type ReconnectBackoffOptions } from './reconnect-backoff.js';

export interface DaemonConnectorOptions {
  url: URL;
  backoff: ReconnectBackoffOptions;
  /** How long the daemon has to answer one `initialize`. */
  handshakeTimeoutInMs: number;
  /** How long the client's own `initialize` may wait for a daemon before it is answered with an error. */
  maxHandshakeWaitInMs: number;
  random?: () => number;
  log: (line: string) => void;
  createSession(): DaemonSession;
  /** A session is ready; `answer` is for the client when this was its own `initialize` (a replay has none). */
  onReady(session: DaemonSession, answer: JSONRPCMessage | undefined): void;
  /** The client's `initialize` failed for good (refused, or no daemon in time): write `answer` to it. */
  onHandshakeFailed(answer: JSONRPCMessage): void;
  /** An attempt found the daemon unreachable (nothing listening at the URL). */
  onUnreachable?(): void;
}

/** The id of a replayed `initialize`; its answer never reaches the client. */
const REPLAY_ID_PREFIX = 'exai-connect/initialize/';

/**
 * Opens MCP sessions with the daemon: first with the client's own `initialize` (answered to the
 * client), later by replaying it — with an id of its own, the answer swallowed — followed by
 * `notifications/initialized`. Failed attempts are retried with capped, jittered exponential backoff.
 */
export class DaemonConnector {
  /** Why the daemon could not be reached last time, for error messages. */
  lastFailure = 'not tried yet';
  /** Since when every attempt has found nothing listening at the URL; undefined once one succeeds. */
  unreachableSince: number | undefined;
  /** The client's `initialize` until it is answered. */
  private handshake: { request: JSONRPCRequest; timer: NodeJS.Timeout } | undefined;
  /** The client's answered `initialize`, replayed on every new session. */
  private established: JSONRPCRequest | undefined;
  private clientInitialized = false;
  /** Bumped by each client `initialize`, so an attempt started before it is discarded. */
  private generation = 0;
  private connecting = false;
  private opening: DaemonSession | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private replays = 0;
  private stopped = false;

  constructor(private readonly options: DaemonConnectorOptions) {}

  /** Whether there is an `initialize` to open a session with. */
  get canConnect(): boolean {
    return this.handshake !== undefined || this.established !== undefined;
  }

  /** The client sent `initialize`: start over with it. */
  begin(request: JSONRPCRequest): void {
    this.generation += 1;
    this.endHandshake();
    this.established = undefined;
    this.clientInitialized = false;
    this.clearRetry();
    this.attempt = 0;
    const timer = setTimeout(() => {
      if (this.handshake?.request !== request) return;
      this.handshake = undefined;
      this.options.onHandshakeFailed(
        createUnreachableResponse(request.id, this.options.url, this.lastFailure),
      );
    }, this.options.maxHandshakeWaitInMs);
    this.handshake = { request, timer };
    this.connect();
  }

  /** The client sent `notifications/initialized`; replays send it too from now on. */
  markClientInitialized(): void {
    this.clientInitialized = true;
  }

  /** Opens a session unless one is being opened or a retry is already scheduled. */
  connect(): void {
    if (this.stopped || this.connecting || this.retryTimer !== undefined || !this.canConnect) return;
    this.connecting = true;
    const generation = this.generation;
    void this.attemptOnce().finally(() => {
      this.connecting = false;
      // The client sent a new initialize meanwhile: that attempt was discarded, so start one for it.
      if (generation !== this.generation) this.connect();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearRetry();
    this.endHandshake();
    await this.opening?.close({ terminate: true });
  }

  private async attemptOnce(): Promise<void> {
    const { generation, handshake } = this;
    const replay = handshake === undefined ? this.established : undefined;
    const request: JSONRPCRequest = handshake?.request ?? {
      ...(replay as JSONRPCRequest),
      id: `${REPLAY_ID_PREFIX}${++this.replays}`,
    };
    const session = this.options.createSession();
    this.opening = session;
    const stale = () => this.stopped || generation !== this.generation || handshake !== this.handshake;
    try {
      const response = await session.open(request, { timeoutInMs: this.options.handshakeTimeoutInMs });
      if (stale()) return void (await session.close({ terminate: true }));
      if (isJSONRPCErrorResponse(response)) {
        if (handshake === undefined)
          throw new Error(`the daemon refused initialize: ${response.error.message}`);
        this.endHandshake();
        this.options.onHandshakeFailed(response);
        return void (await session.close({ terminate: true }));
      }
      if (replay !== undefined && this.clientInitialized) {
        await session.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
      }
      if (stale()) return void (await session.close({ terminate: true }));
      this.attempt = 0;
      this.unreachableSince = undefined;
      if (handshake !== undefined) {
        this.endHandshake();
        this.established = handshake.request;
      }
      this.options.onReady(session, handshake === undefined ? undefined : response);
    } catch (error) {
      void session.close({ terminate: true });
      if (stale()) return;
      this.lastFailure = describeFailure(error);
      if (error instanceof DaemonUnreachableError) this.unreachableSince ??= Date.now();
      if (handshake !== undefined && error instanceof DaemonUnreachableError) {
        // Nothing listens at the URL and no session was ever open: the client hears it at once
        // (its next `initialize` tries again) instead of after the queue wait.
        this.endHandshake();
        this.options.onHandshakeFailed(
          createUnreachableResponse(handshake.request.id, this.options.url, this.lastFailure),
        );
        return;
      }
      if (error instanceof DaemonUnreachableError) this.options.onUnreachable?.();
      if (handshake !== undefined && !isRetryableHandshakeFailure(error)) {
        this.endHandshake();
        this.options.onHandshakeFailed(
          createRefusedResponse(handshake.request.id, this.options.url, this.lastFailure),
        );
        return;
      }
      this.scheduleRetry(error);
    } finally {
      if (this.opening === session) this.opening = undefined;
    }
  }

  private scheduleRetry(error: unknown): void {
    const delay = computeReconnectDelay(this.attempt, this.options.backoff, this.options.random);
    this.attempt += 1;
    const { href } = this.options.url;
    if (error instanceof DaemonSessionGoneError) {
      // The daemon is up, it dropped the session being opened: not a reason to tell anyone to start it.
      this.options.log(
        `exai connect: the exai daemon at ${href} ended the session (the daemon restarted or the session ` +
          `expired); opening a new one in ${delay} ms (attempt ${this.attempt})`,
      );
    } else if (this.attempt === 1 || this.attempt % 10 === 0) {
      this.options.log(
        `exai connect: the exai daemon at ${href} is unreachable (${this.lastFailure}); ` +
          `retrying in ${delay} ms (attempt ${this.attempt})` +
          (isTlsFailureReason(this.lastFailure) ? '.' : '. Start it with `exai serve --http`.'),
      );
    }
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect();
    }, delay);
  }

  private clearRetry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private endHandshake(): void {
    if (this.handshake !== undefined) clearTimeout(this.handshake.timer);
    this.handshake = undefined;
  }
}
