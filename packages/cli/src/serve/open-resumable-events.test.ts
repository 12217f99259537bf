import { createMemorySessionStore } from '@exai/core';
import { connectRedis } from '@exai/server';
import { describe, expect, it } from 'vitest';
import { loadRedisSettings } from '../runtime/redis-settings.js';
import { redisUnreachable, testRedisUrl, uniqueRedisPrefix } from '../test-helpers/test-redis.js';
import { openResumableEvents } from './open-resumable-events.js';

const redisDown = await redisUnreachable('THE REDIS TESTS OF RESUMABLE STREAM EVENTS');

describe('openResumableEvents', () => {
  it('keeps events in the session store when EXAI_REDIS_URL is unset', async () => {
    const opened = await openResumableEvents({
      redis: loadRedisSettings({}),
      store: createMemorySessionStore(),
    });
    expect(opened.description).toBe('session store');
    expect(opened.events.kind).toBe('store');
    await opened.close();
  });

  it('keeps events in the session store when Redis cannot be reached, saying so once without the password', async () => {
    const env = { EXAI_REDIS_URL: 'redis://user:secret@127.0.0.1:1/0' };
    const lines: string[] = [];
    const opened = await openResumableEvents({
      redis: loadRedisSettings(env),
      store: createMemorySessionStore(),
      log: (line) => lines.push(line),
    });
    expect(opened.events.kind).toBe('store');
    expect(opened.description).toBe('session store');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /EXAI_REDIS_URL: cannot connect to Redis at redis:\/\/user:\*\*\*@127\.0\.0\.1:1\/0/,
    );
    expect(lines[0]).not.toContain('secret');
    await opened.close();
  });

  it.skipIf(redisDown !== undefined)(
    'stores events under EXAI_REDIS_KEY_PREFIX, where a deployment with another prefix cannot replay them',
    async () => {
      const [prefixA, prefixB] = [uniqueRedisPrefix(), uniqueRedisPrefix()];
      const settingsA = loadRedisSettings({ EXAI_REDIS_URL: testRedisUrl, EXAI_REDIS_KEY_PREFIX: prefixA });
      const settingsB = loadRedisSettings({ EXAI_REDIS_URL: testRedisUrl, EXAI_REDIS_KEY_PREFIX: prefixB });
      const store = createMemorySessionStore();
      const a = await openResumableEvents({ redis: settingsA, store });
      const b = await openResumableEvents({ redis: settingsB, store });
      // Keys are listed without any client prefix, as an operator would see them.
      const raw = await connectRedis({ url: testRedisUrl, keyPrefix: '' });
      try {
        expect(a.events.kind).toBe('redis');
        const eventId = await a.events
          .forSession('acme', () => 'session-1')
          .storeEvent('stream-1', { jsonrpc: '2.0', method: 'notifications/progress' });
        expect(await raw.keys(`${prefixA}events:*`)).toEqual([
          expect.stringMatching(new RegExp(`^${prefixA}events:acme:`)),
        ]);
        expect(await raw.keys(`${prefixB}*`)).toEqual([]);
        expect(await a.events.replay('acme', eventId)).toMatchObject({ streamId: 'stream-1' });
        expect(await b.events.replay('acme', eventId)).toBeUndefined();
      } finally {
        const keys = await raw.keys(`${prefixA}*`);
        if (keys.length > 0) await raw.del(...keys);
        raw.disconnect();
        await a.close();
        await b.close();
      }
    },
  );
});
