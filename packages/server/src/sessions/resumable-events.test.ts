import { randomUUID } from 'node:crypto';
import { createMemorySessionStore } from '@exai/core';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis } from '../redis/connect-redis.js';
import { createRedisResumableEvents } from './redis-resumable-events.js';
import type { ResumableEvents } from './resumable-events.js';
import { createStoreResumableEvents } from './store-resumable-events.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function tryRedis(): Promise<Redis | string> {
  try {
    return await connectRedis({ url: redisUrl, keyPrefix: `exai-test:${randomUUID()}:` });
  } catch (error) {
    return (error as Error).message;
  }
}

const redis = await tryRedis();
if (typeof redis === 'string') {
  if (process.env.CI === 'true') throw new Error(`Redis at ${redisUrl} is unreachable in CI: ${redis}`);
  console.warn(`!!! SKIPPING REDIS RESUMABLE EVENTS TESTS: ${redisUrl} is unreachable (${redis}) !!!`);
}

afterAll(async () => {
  if (typeof redis !== 'string') await redis.quit();
});

const progress = (n: number): JSONRPCMessage => ({
  jsonrpc: '2.0',
  method: 'notifications/progress',
  params: { progressToken: 'p', progress: n },
});

function describeResumableEvents(name: string, create: () => ResumableEvents, skip = false): void {
  describe.skipIf(skip)(`resumable events: ${name}`, () => {
    let events: ResumableEvents;
    beforeAll(() => {
      events = create();
    });

    it('replays the events after a given one, through the SDK interface and across processes', async () => {
      const store = events.forSession('default', () => 'session-1');
      const ids = [];
      for (let n = 1; n <= 4; n += 1) ids.push(await store.storeEvent('stream-a', progress(n)));
      await events.forSession('default', () => 'session-2').storeEvent('stream-a', progress(99));

      const sent: Array<[string, JSONRPCMessage]> = [];
      const streamId = await store.replayEventsAfter(ids[1]!, {
        send: async (eventId, message) => void sent.push([eventId, message]),
      });
      expect(streamId).toBe('stream-a');
      expect(sent).toEqual([
        [ids[2], progress(3)],
        [ids[3], progress(4)],
      ]);
      // Another process sees the same stream through `replay`.
      const replay = await events.replay('default', ids[0]!);
      expect(replay?.events.map((event) => event.message)).toEqual([progress(2), progress(3), progress(4)]);
    });

    it('never replays another tenant’s stream, nor an unknown event', async () => {
      const id = await events.forSession('tenant-a', () => 's').storeEvent('stream-b', progress(1));
      expect(await events.replay('tenant-b', id)).toBeUndefined();
      expect(await events.replay('tenant-a', 'not-an-event')).toBeUndefined();
    });
  });
}

describeResumableEvents('session store', () => {
  const store = createMemorySessionStore();
  void store.createTenant({ id: 'tenant-a' });
  void store.createTenant({ id: 'tenant-b' });
  return createStoreResumableEvents({ store });
});
describeResumableEvents(
  'Redis',
  () => createRedisResumableEvents({ redis: redis as Redis, maxEventsPerStream: 100 }),
  typeof redis === 'string',
);
