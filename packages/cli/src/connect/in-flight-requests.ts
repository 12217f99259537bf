import type { RequestId } from '@modelcontextprotocol/sdk/types.js';
import type { DaemonSession } from './daemon-session.js';
import { describeFailure } from './describe-failure.js';
import type { StreamClosedEvent } from './observing-fetch.js';

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
}

/**
 * Requests sent to the daemon and not yet answered, each with the session that carries it, and
 * the resuming of answers cut off on the way: a request whose response stream had event ids is
 * resumed with `Last-Event-ID` (the daemon replays the rest of its answer, even after a
 * restart), up to three times; any other request on a stream that ends unanswered fails.
 */
export class InFlightRequests {
  private readonly carriers = new Map<RequestId, DaemonSession>();
  /** The id of the last event received for each request, to resume its stream with. */
  private readonly lastEventIds = new Map<RequestId, string>();
  private readonly resumeCounts = new Map<RequestId, number>();
  /** Resumes in progress: the `Last-Event-ID` each sent, with the request it resumes. */
  private readonly resuming = new Map<string, RequestId>();

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
    this.carriers.delete(id);
  }

  /** Records the id of an event on the stream answering `id`. */
  noteEventId(id: RequestId, eventId: string): void {
    this.lastEventIds.set(id, eventId);
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

  /** `session` was lost: requests on it whose resume is in progress fail (their resume has no stream to close). */
  failResumingOn(session: DaemonSession, reason: string): void {
    const waiting = [...this.carriers].filter(([, carrier]) => carrier === session).map(([id]) => id);
    const resumingIds = new Set(this.resuming.values());
    this.fail(
      session,
      waiting.filter((id) => resumingIds.has(id)),
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
      this.resuming.set(lastEventId, id);
      this.options.log(
        `exai connect: the answer to request ${String(id)} was cut off; resuming it after event ${lastEventId}`,
      );
      session
        .resume(id, lastEventId, (eventId) => this.lastEventIds.set(id, eventId))
        .catch(() => this.fail(session, [id], reason));
    }
    this.fail(session, failing, reason);
  }

  private fail(session: DaemonSession, requestIds: RequestId[], reason: string): void {
    if (this.options.isStopping()) return;
    for (const id of requestIds) {
      if (this.carriers.get(id) !== session) continue;
      this.forget(id);
      this.options.onLost(id, reason);
    }
  }

  private forget(id: RequestId): void {
    this.carriers.delete(id);
    this.lastEventIds.delete(id);
    this.resumeCounts.delete(id);
  }
}
