import type { Redis } from 'ioredis';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import {
  DEFAULT_EVENT_TTL_IN_MS,
  DEFAULT_MAX_EVENTS_PER_STREAM,
  scopedStreamId,
  unscopedStreamId,
  type ReplayedEvent,
  type ResumableEvents,
} from './resumable-events.js';

export interface RedisResumableEventsOptions {
  /** From `connectRedis` (its key prefix applies). */
  redis: Redis;
  /** How long a stream is kept after its latest event. Default 1 hour. */
  ttlInMs?: number;
  /** The most events kept per stream (Redis `MAXLEN`). Default 1000. */
  maxEventsPerStream?: number;
}

/** An event id names its stream and its Redis stream entry: `<stream, base64url>.<entry id>`. */
function encodeEventId(storedStreamId: string, entryId: string): string {
  return `${Buffer.from(storedStreamId, 'utf8').toString('base64url')}.${entryId}`;
}

function decodeEventId(eventId: string): { storedStreamId: string; entryId: string } | undefined {
  const dot = eventId.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const entryId = eventId.slice(dot + 1);
  if (!/^\d+-\d+$/.test(entryId)) return undefined;
  return { storedStreamId: Buffer.from(eventId.slice(0, dot), 'base64url').toString('utf8'), entryId };
}

const keyOf = (tenantId: string, storedStreamId: string) =>
  `events:${encodeURIComponent(tenantId)}:${storedStreamId}`;

/**
 * Stream events in Redis: one Redis stream per SSE stream and tenant (`XADD` with `MAXLEN`, the key
 * expiring `ttlInMs` after its latest event), for deployments that keep hot state in Redis.
 */
export function createRedisResumableEvents({
  redis,
  ttlInMs = DEFAULT_EVENT_TTL_IN_MS,
  maxEventsPerStream = DEFAULT_MAX_EVENTS_PER_STREAM,
}: RedisResumableEventsOptions): ResumableEvents {
  async function replay(tenantId: string, lastEventId: string) {
    const decoded = decodeEventId(lastEventId);
    if (decoded === undefined) return undefined;
    const key = keyOf(tenantId, decoded.storedStreamId);
    const anchor = await redis.xrange(key, decoded.entryId, decoded.entryId, 'COUNT', 1);
    if (anchor.length === 0) return undefined;
    const entries = await redis.xrange(key, `(${decoded.entryId}`, '+');
    const events: ReplayedEvent[] = entries.map(([entryId, fields]) => ({
      eventId: encodeEventId(decoded.storedStreamId, entryId),
      message: JSON.parse(fields[1] ?? '{}') as Record<string, unknown>,
    }));
    return { streamId: unscopedStreamId(decoded.storedStreamId), events };
  }

  return {
    kind: 'redis',
    forSession(tenantId, sessionKey) {
      return {
        async storeEvent(streamId, message) {
          const storedStreamId = scopedStreamId(sessionKey(), streamId);
          const key = keyOf(tenantId, storedStreamId);
          const results = await redis
            .multi()
            .xadd(key, 'MAXLEN', String(maxEventsPerStream), '*', 'm', JSON.stringify(message))
            .pexpire(key, ttlInMs)
            .exec();
          const [error, entryId] = results?.[0] ?? [new Error('Redis returned no result for XADD')];
          if (error) throw error;
          return encodeEventId(storedStreamId, String(entryId));
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
