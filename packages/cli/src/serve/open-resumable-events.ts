import { InvalidArgumentError, type SessionStoreV1 } from '@exai/core';
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
  const redis = await connectRedis({ url }).catch((cause: unknown) => {
    const shown = url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
    throw new InvalidArgumentError({
      argument: 'EXAI_REDIS_URL',
      message:
        `cannot connect to Redis at ${shown} (${(cause as Error).message}); start Redis, or unset ` +
        'EXAI_REDIS_URL to keep stream events in the session store.',
      cause,
    });
  });
  return {
    events: createRedisResumableEvents({ redis }),
    description: 'Redis',
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
