import { createMemoryCancelRegistry, type CancelRegistry } from '@exai/mcp';
import type { Redis } from 'ioredis';
import { connectRedis, type RedisSettings } from '../redis/connect-redis.js';
import { createRedisCancelRegistry } from './redis-cancel-registry.js';

export interface OpenedCancelRegistry {
  registry: CancelRegistry;
  /** For the start-up line: `Redis` or `in memory (this process only)`. */
  description: string;
  /** Closes the registry and its Redis connections. */
  close(): Promise<void>;
}

/**
 * The daemon's cancel registry: on Redis when `redis` is given (`EXAI_REDIS_URL`), so a cancel
 * reaches its call on any replica of the deployment (the channel is `<keyPrefix>cancel`); in memory
 * otherwise. A Redis unreachable at start-up does not stop the daemon: it logs one line and keeps
 * cancels within this process (restart it once Redis is back to share them again).
 */
export async function openCancelRegistry({
  redis: settings,
  log = () => {},
}: {
  /** Where replicas share cancels; undefined keeps them in this process. */
  redis?: RedisSettings | undefined;
  log?: (line: string) => void;
}): Promise<OpenedCancelRegistry> {
  const inMemory = (): OpenedCancelRegistry => {
    const registry = createMemoryCancelRegistry();
    return { registry, description: 'in memory (this process only)', close: () => registry.close() };
  };
  if (settings === undefined) return inMemory();
  let redis: Redis | undefined;
  try {
    redis = await connectRedis(settings);
    const registry = await createRedisCancelRegistry({ redis, log });
    const connection = redis;
    return {
      registry,
      description: 'Redis',
      async close() {
        await registry.close();
        connection.disconnect();
      },
    };
  } catch (error) {
    redis?.disconnect();
    log(
      `exai: Redis (EXAI_REDIS_URL) is unreachable (${error instanceof Error ? error.message : String(error)}): ` +
        'cancels reach calls on this replica only; restart it once Redis is back',
    );
    return inMemory();
  }
}
