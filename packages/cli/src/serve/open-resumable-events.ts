import type { SessionStoreV1 } from '@exai/core';
import {
  connectRedis,
  createRedisResumableEvents,
  createStoreResumableEvents,
  type RedisSettings,
  type ResumableEvents,
} from '@exai/server';
import { redactRedisUrl } from '../runtime/redis-settings.js';

export interface OpenedResumableEvents {
  events: ResumableEvents;
  /** `session store` or `Redis`, for the start-up line. */
  description: string;
  close(): Promise<void>;
}

/**
 * Where `exai serve --http` keeps SSE events for `Last-Event-ID` resumption: Redis when `redis` is
 * given (`loadRedisSettings`: `EXAI_REDIS_URL`, keys under `EXAI_REDIS_KEY_PREFIX`) and answers,
 * else the session store (so a restarted daemon, or another replica on the same store, can replay
 * them). A Redis that cannot be reached at start-up is said once and the session store keeps the
 * events: resumption still works, only slower — the same choice the cancel registry makes (limits
 * decide for themselves: see docs/limits.md).
 */
export async function openResumableEvents({
  redis: settings,
  store,
  log = () => {},
}: {
  redis: RedisSettings | undefined;
  store: SessionStoreV1;
  log?: (line: string) => void;
}): Promise<OpenedResumableEvents> {
  const inStore: OpenedResumableEvents = {
    events: createStoreResumableEvents({ store }),
    description: 'session store',
    close: async () => undefined,
  };
  if (settings === undefined) return inStore;
  let redis;
  try {
    redis = await connectRedis(settings);
  } catch (cause) {
    log(
      `exai: EXAI_REDIS_URL: cannot connect to Redis at ${redactRedisUrl(settings.url)} (${(cause as Error).message}); ` +
        'stream events for resumption are kept in the session store instead (start Redis and restart to use it).',
    );
    return inStore;
  }
  return {
    events: createRedisResumableEvents({ redis }),
    description: 'Redis',
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
