import type { SessionStoreV1 } from '@exai/core';
import {
  connectRedis,
  createRedisResumableEvents,
  createStoreResumableEvents,
  type ResumableEvents,
} from '@exai/server';

export interface OpenedResumableEvents {
  events: ResumableEvents;
  /** `session store` or `Redis`, for the start-up line. */
  description: string;
  close(): Promise<void>;
}

/**
 * Where `exai serve --http` keeps SSE events for `Last-Event-ID` resumption: Redis when
 * `EXAI_REDIS_URL` is set, else the session store (so a restarted daemon, or another replica on the
 * same store, can replay them).
 */
export async function openResumableEvents({
  env,
  store,
}: {
  env: Record<string, string | undefined>;
  store: SessionStoreV1;
}): Promise<OpenedResumableEvents> {
  const url = env.EXAI_REDIS_URL?.trim();
  if (url === undefined || url === '') {
    return {
      events: createStoreResumableEvents({ store }),
      description: 'session store',
      close: async () => undefined,
    };
  }
  const redis = await connectRedis({ url });
  return {
    events: createRedisResumableEvents({ redis }),
    description: 'Redis',
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
