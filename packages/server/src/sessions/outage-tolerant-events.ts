import { randomUUID } from 'node:crypto';
import { answerWithin } from '../deadline/answer-within.js';
import type { ResumableEvents } from './resumable-events.js';

export interface OutageTolerantEventsOptions {
  /** Says once when events stop being stored, and once when they are stored again. */
  log: (line: string) => void;
  /** How long one event may wait for the store (or Redis) before it is sent unstored. Default 2 s. */
  storeTimeoutInMs?: number;
}

/**
 * `events` whose session event stores never fail: the SDK transport awaits `storeEvent` before it
 * writes an event, so a store or Redis that is down (or hangs) would otherwise lose every event of
 * a session — progress, and the answer of a call that ran to its end — and answer a new request
 * with `400 Parse error`. An event that cannot be stored within `storeTimeoutInMs` is sent all the
 * same, under an id that names no stored event: the stream carries on, and a client that resumes
 * from that id gets the 404 of an unknown event.
 */
export function outageTolerantEvents(
  events: ResumableEvents,
  { log, storeTimeoutInMs = 2_000 }: OutageTolerantEventsOptions,
): ResumableEvents {
  let failing = false;
  const where = events.kind === 'redis' ? 'Redis' : 'the session store';
  return {
    kind: events.kind,
    replay: (tenantId, lastEventId) => events.replay(tenantId, lastEventId),
    forSession(tenantId, sessionKey) {
      const eventStore = events.forSession(tenantId, sessionKey);
      return {
        async storeEvent(streamId, message) {
          try {
            const eventId = await answerWithin(eventStore.storeEvent(streamId, message), storeTimeoutInMs);
            if (failing) log(`exai: stream events are stored in ${where} again`);
            failing = false;
            return eventId;
          } catch (error) {
            if (!failing)
              log(
                `exai: warning: cannot store stream events in ${where} (${error instanceof Error ? error.message : String(error)}); ` +
                  'streams carry on, but the events sent meanwhile cannot be resumed with Last-Event-ID',
              );
            failing = true;
            return `unstored-${randomUUID()}`;
          }
        },
        replayEventsAfter: (lastEventId, options) => eventStore.replayEventsAfter(lastEventId, options),
      };
    },
  };
}
