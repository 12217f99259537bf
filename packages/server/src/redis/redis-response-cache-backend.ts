import type { CachedToolResult, ResponseCacheBackend } from '@exai/mcp';
import type { Redis } from 'ioredis';
import { answerWithin } from '../deadline/answer-within.js';
import { connectRedis, type ConnectRedisOptions } from './connect-redis.js';

export interface RedisResponseCacheBackendOptions extends ConnectRedisOptions {
  /** Longest a read or write may take; past it the call goes through uncached. Default 500 ms. */
  timeoutInMs?: number;
  /** While Redis could not be reached at start-up, how often to try again. Default 5 000 ms. */
  reconnectEveryInMs?: number;
  /** Receives one line when Redis becomes unreachable and one when it is back. */
  log?: (line: string) => void;
}

/**
 * The response cache every replica shares: each entry one Redis string (`<prefix>cache:<sha256>`,
 * JSON) with the entry's TTL (`SET … PX`). Never fails a call: while Redis is unreachable (at
 * start-up, or later) reads are misses and writes are skipped, logged once per outage; a Redis
 * down at start-up is tried again in the background until it answers.
 */
export async function openRedisResponseCacheBackend({
  timeoutInMs = 500,
  reconnectEveryInMs = 5_000,
  log = () => {},
  ...connect
}: RedisResponseCacheBackendOptions): Promise<ResponseCacheBackend> {
  let redis: Redis | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let unreachable = false;
  const where = connect.url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');

  const down = (error: unknown) => {
    if (!unreachable) {
      const reason = error instanceof Error ? error.message : String(error);
      log(
        `exai: response cache: Redis at ${where} is unreachable (${reason}); calls go through uncached until it is back`,
      );
    }
    unreachable = true;
  };
  const up = () => {
    if (unreachable) log(`exai: response cache: Redis at ${where} is reachable again`);
    unreachable = false;
  };
  const tryConnect = async () => {
    try {
      const client = await connectRedis(connect);
      if (closed) client.disconnect();
      else redis = client;
      up();
    } catch (error) {
      down(error);
      if (!closed) {
        retry = setTimeout(() => void tryConnect(), reconnectEveryInMs);
        retry.unref();
      }
    }
  };
  await tryConnect();

  /** Runs a command within `timeoutInMs`; undefined (logged once) when Redis cannot answer. */
  async function command<T>(run: (client: Redis) => Promise<T>): Promise<T | undefined> {
    if (redis === undefined) return undefined;
    try {
      const answer = await answerWithin(run(redis), timeoutInMs);
      up();
      return answer;
    } catch (error) {
      down(error);
      return undefined;
    }
  }

  return {
    description: 'Redis',
    async get(key) {
      const text = await command((client) => client.get(`cache:${key}`));
      return text === undefined || text === null ? undefined : parseEntry(text);
    },
    async set(key, entry, ttlInMs) {
      await command((client) =>
        client.set(`cache:${key}`, JSON.stringify(entry), 'PX', Math.max(1, Math.round(ttlInMs))),
      );
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      redis?.disconnect();
    },
  };
}

function parseEntry(text: string): CachedToolResult | undefined {
  try {
    const value = JSON.parse(text) as Partial<CachedToolResult>;
    if (typeof value.storedAt !== 'number' || typeof value.result?.text !== 'string') return undefined;
    return value as CachedToolResult;
  } catch {
    return undefined;
  }
}
