import type { SessionStoreV1 } from '@exai/core';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import {
  DEFAULT_EVENT_TTL_IN_MS,
  DEFAULT_MAX_EVENTS_PER_STREAM,
  scopedStreamId,
  unscopedStreamId,
  type ResumableEvents,
} from './resumable-events.js';

export interface StoreResumableEventsOptions {
  store: Pick<SessionStoreV1, 'appendStreamEvent' | 'replayStreamEvents'>;
  /** How long an event is kept (`expire()` removes it after). Default 1 hour. */
  ttlInMs?: number;
  /** The most events kept per stream; older ones go first. Default 1000. */
  maxEventsPerStream?: number;
}

/**
 * Stream events in the session store: one row per SSE event, so any process sharing the store
 * (or the daemon after a restart) can replay a stream.
 */
export function createStoreResumableEvents({
  store,
  ttlInMs = DEFAULT_EVENT_TTL_IN_MS,
  maxEventsPerStream = DEFAULT_MAX_EVENTS_PER_STREAM,
}: StoreResumableEventsOptions): ResumableEvents {
  async function replay(tenantId: string, lastEventId: string) {
    const found = await store.replayStreamEvents(tenantId, lastEventId);
    if (found === undefined) return undefined;
    return {
      streamId: unscopedStreamId(found.streamId),
      events: found.events.map(({ eventId, message }) => ({ eventId, message })),
    };
  }

  return {
    kind: 'store',
    forSession(tenantId, sessionKey) {
      return {
        async storeEvent(streamId, message) {
          const event = await store.appendStreamEvent({
            tenantId,
            streamId: scopedStreamId(sessionKey(), streamId),
            message: message as unknown as Record<string, unknown>,
            expiresAt: new Date(Date.now() + ttlInMs),
            maxEventsPerStream,
          });
          return event.eventId;
        },
        async replayEventsAfter(lastEventId, { send }) {
          const found = await replay(tenantId, lastEventId);
          if (found === undefined) throw new Error(`No stored event ${lastEventId}; it may have expired.`);
          for (const event of found.events)
            await send(event.eventId, event.message as unknown as JSONRPCMessage);
          return found.streamId;
        },
      };
    },
    replay,
  };
}
