import type { RequestId } from '@modelcontextprotocol/sdk/types.js';
import type { DaemonSession } from './daemon-session.js';
import { DaemonUnreachableError } from './daemon-unreachable-error.js';
import { describeFailure } from './describe-failure.js';
import type { StreamClosedEvent } from './observing-fetch.js';
import { computeReconnectDelay, type ReconnectBackoffOptions } from './reconnect-backoff.js';

/** After a response stream ends, how long its last events get to come through before its requests fail. */
const STREAM_CLOSE_GRACE_IN_MS = 50;
/** How many times a cut-off answer is resumed with `Last-Event-ID` before its request fails. */
const MAX_RESUMES = 3;

export interface InFlightRequestsOptions {
  log: (line: string) => void;
  /** True once the bridge is stopping: nothing is resumed or failed any more. */
  isStopping: () => boolean;
  /** The answer to a request is lost for good: the client gets an error for it instead. */
  onLost(id: RequestId, reason: string): void;
  /** The waits between attempts to resume a stream when the daemon cannot be reached. */
  backoff: ReconnectBackoffOptions;
  /** How long a resume that cannot reach the daemon is retried before its request fails. */
  maxResumeWaitInMs: number;
  random?: () => number;
  /** `session` no longer carries any request (each was answered, failed or cancelled). */
  onSessionIdle?(session: DaemonSession): void;
}

/**
 * Requests sent to the daemon and not yet answered, each with the session that carries it, and
 * the resuming of answers cut off on the way: a request whose response stream had event ids is
 * resumed with `Last-Event-ID` (the daemon replays the rest of its answer, even after a
 * restart), up to three times; any other request on a stream that ends unanswered fails. A resume
 * that cannot reach the daemon (a network drop, a daemon restarting) is tried again with the
 * reconnect backoff for up to `maxResumeWaitInMs` before its request fails.
 */
export class InFlightRequests {
  private readonly carriers = new Map<RequestId, DaemonSession>();
  /** The id of the last event received for each request, to resume its stream with. */
  private readonly lastEventIds = new Map<RequestId, string>();
  private readonly resumeCounts = new Map<RequestId, number>();
  /** Resumes in progress: the `Last-Event-ID` each sent, with the request it resumes. */
  private readonly resuming = new Map<string, RequestId>();
  /** Resumes waiting to be tried again, and until when they may be. */
  private readonly retries = new Map<RequestId, { timer?: NodeJS.Timeout; deadline: number }>();

  constructor(private readonly options: InFlightRequestsOptions) {}

  /** `session` now carries request `id`. */
  add(id: RequestId, session: DaemonSession): void {
    this.carriers.set(id, session);
  }

  carrier(id: RequestId): DaemonSession | undefined {
    return this.carriers.get(id);
  }

  /** The request is no longer waited for (cancelled, or answered by the bridge itself). */
  remove(id: RequestId): void {
    this.forget(id);
  }

  /** Records the id of an event on the stream answering `id`. */
  noteEventId(id: RequestId, eventId: string): void {
    this.lastEventIds.set(id, eventId);
  }

  /** Whether `session` carries a request whose answer can be resumed (its stream had event ids). */
  hasResumable(session: DaemonSession): boolean {
    return this.idsOn(session).some((id) => this.lastEventIds.has(id));
  }

  /**
   * An answer to `id` came from `session`: true when it is the one waited for (and the request is
   * done), false when the request was answered with an error already, or cancelled.
   */
  settle(id: RequestId, session: DaemonSession): boolean {
    if (this.carriers.get(id) !== session) return false;
    this.forget(id);
    return true;
  }

  /**
   * A response stream of `session` ended; its requests still unanswered are resumed or fail after
   * a short grace. False (and nothing done) when it was the session's listen stream.
   */
  onStreamClosed(
    session: DaemonSession,
    { method, requestIds, error, lastEventId }: StreamClosedEvent,
  ): boolean {
    const reason = error === undefined ? 'the daemon ended the response stream' : describeFailure(error);
    const resumed = lastEventId === undefined ? undefined : this.resuming.get(lastEventId);
    if (method === 'GET' && resumed === undefined) return false;
    if (lastEventId !== undefined) this.resuming.delete(lastEventId);
    const ids = resumed === undefined ? requestIds : [resumed];
    setTimeout(() => this.resumeOrFail(session, ids, reason), STREAM_CLOSE_GRACE_IN_MS);
    return true;
  }

  /**
   * `session` was lost and closed: requests on it whose resume is in progress or waiting to be
   * tried again fail (they have no stream whose closing would fail them).
   */
  failResumingOn(session: DaemonSession, reason: string): void {
    const resumingIds = new Set(this.resuming.values());
    this.fail(
      session,
      this.idsOn(session).filter((id) => resumingIds.has(id) || this.retries.has(id)),
      reason,
    );
  }

  private resumeOrFail(session: DaemonSession, requestIds: RequestId[], reason: string): void {
    if (this.options.isStopping()) return;
    const failing: RequestId[] = [];
    for (const id of requestIds) {
      const lastEventId = this.lastEventIds.get(id);
      const resumes = this.resumeCounts.get(id) ?? 0;
      if (this.carriers.get(id) !== session || session.isClosed) {
        failing.push(id);
        continue;
      }
      if (lastEventId === undefined || resumes >= MAX_RESUMES) {
        failing.push(id);
        continue;
      }
      this.resumeCounts.set(id, resumes + 1);
      this.options.log(
        `exai connect: the answer to request ${String(id)} was cut off; resuming it after event ${lastEventId}`,
      );
      this.resume(session, id, lastEventId);
    }
    this.fail(session, failing, reason);
  }

  /** Sends the resuming GET; when it cannot reach the daemon, tries again after a backoff wait. */
  private resume(session: DaemonSession, id: RequestId, lastEventId: string, attempt = 0): void {
    this.resuming.set(lastEventId, id);
    session
      .resume(lastEventId, (eventId) => this.lastEventIds.set(id, eventId))
      .then(
        () => {
          // The stream is open: a later cut starts a new resume, with a bound of its own.
          if (this.retries.delete(id))
            this.options.log(
              `exai connect: resumed the answer to request ${String(id)} (attempt ${attempt + 1})`,
            );
        },
        (error: unknown) => {
          if (this.resuming.get(lastEventId) === id) this.resuming.delete(lastEventId);
          this.onResumeFailed(session, id, lastEventId, attempt, error);
        },
      );
  }

  /**
   * A resuming GET failed. Unless the daemon could not be reached, the request fails; if it could
   * not, the resume is tried again after the backoff wait of `attempt`, until `maxResumeWaitInMs`
   * after the first failure (the last try at that mark). Its session stays open meanwhile (see
   * bridge-connection.ts), so the daemon keeps the call running.
   */
  private onResumeFailed(
    session: DaemonSession,
    id: RequestId,
    lastEventId: string,
    attempt: number,
    error: unknown,
  ): void {
    if (this.options.isStopping() || this.carriers.get(id) !== session) return;
    const reason = describeFailure(error);
    if (!(error instanceof DaemonUnreachableError) || session.isClosed)
      return this.fail(session, [id], reason);
    const { maxResumeWaitInMs, backoff, random, log } = this.options;
    const now = Date.now();
    const deadline = this.retries.get(id)?.deadline ?? now + maxResumeWaitInMs;
    if (now >= deadline) {
      log(
        `exai connect: gave up resuming the answer to request ${String(id)}: the daemon was not ` +
          `reachable for ${maxResumeWaitInMs} ms (${reason})`,
      );
      return this.fail(session, [id], reason);
    }
    const delay = Math.min(computeReconnectDelay(attempt, backoff, random), deadline - now);
    if (attempt === 0 || (attempt + 1) % 10 === 0) {
      log(
        `exai connect: cannot reach the daemon to resume the answer to request ${String(id)} ` +
          `(${reason}); trying again in ${delay} ms (attempt ${attempt + 1}), for up to ${maxResumeWaitInMs} ms`,
      );
    }
    const timer = setTimeout(() => {
      const retry = this.retries.get(id);
      if (retry === undefined || this.carriers.get(id) !== session) return;
      if (session.isClosed) return this.fail(session, [id], reason);
      retry.timer = undefined;
      this.resume(session, id, this.lastEventIds.get(id) ?? lastEventId, attempt + 1);
    }, delay);
    this.retries.set(id, { timer, deadline });
  }

  private fail(session: DaemonSession, requestIds: RequestId[], reason: string): void {
    if (this.options.isStopping()) return;
    for (const id of requestIds) {
      if (this.carriers.get(id) !== session) continue;
      this.forget(id);
      this.options.onLost(id, reason);
    }
  }

  private idsOn(session: DaemonSession): RequestId[] {
    return [...this.carriers].filter(([, carrier]) => carrier === session).map(([id]) => id);
  }

  private forget(id: RequestId): void {
    const session = this.carriers.get(id);
    this.carriers.delete(id);
    this.lastEventIds.delete(id);
    this.resumeCounts.delete(id);
    clearTimeout(this.retries.get(id)?.timer);
    this.retries.delete(id);
    for (const [eventId, resumed] of this.resuming) if (resumed === id) this.resuming.delete(eventId);
    if (session !== undefined && this.idsOn(session).length === 0) this.options.onSessionIdle?.(session);
  }
}
