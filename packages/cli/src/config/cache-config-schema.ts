import { z } from 'zod';

const positiveInt = z.number().int().positive();

/** `cache` in exai.config.json: the opt-in response cache (see docs/caching.md). */
export const cacheConfigSchema = z
  .strictObject({
    /** Turn the cache on. Default false. */
    enabled: z.boolean().optional(),
    /** How long an answer is reused: a duration such as 10m, 1h or 1d. Default 10m. */
    ttl: z
      .string()
      .trim()
      .regex(/^(?:\d+[smhd])+$/, 'a duration such as 30s, 10m, 1h or 1d')
      .optional(),
    /** Most entries kept in memory (backend `memory`). Default 1000. */
    maxEntries: positiveInt.optional(),
    /** Most bytes kept in memory in all (backend `memory`). Default 67108864 (64 MiB). */
    maxBytes: positiveInt.optional(),
    /** A result larger than this (bytes of JSON) is not stored. Default 1048576 (1 MiB). */
    maxEntryBytes: positiveInt.optional(),
    /** The tools cached. Default: `file_query` and `web_search` (chat-like tools only when named). */
    tools: z.array(z.string().trim().min(1)).optional(),
    /** `memory` (each process its own) or `redis` (shared by replicas, at `EXAI_REDIS_URL`). */
    backend: z.enum(['memory', 'redis']).optional(),
  })
  .optional();

export type CacheConfig = z.output<typeof cacheConfigSchema>;
