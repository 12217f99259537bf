import { LRUCache } from 'lru-cache';
import type { CachedToolResult, ResponseCacheBackend } from './response-cache-backend.js';

export interface MemoryResponseCacheBackendOptions {
  /** Most entries kept; the least recently used goes first. Default 1 000. */
  maxEntries?: number;
  /** Most bytes (UTF-8 JSON of the results) kept in all. Default 64 MiB. */
  maxBytes?: number;
  /** The clock entries expire by, in milliseconds. Default `performance.now`. */
  now?: () => number;
}

export const DEFAULT_CACHE_MAX_ENTRIES = 1_000;
export const DEFAULT_CACHE_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The response cache of one process: an LRU (`lru-cache`) bounded by entries and by bytes, each
 * entry expiring after the TTL it was stored with. An entry larger than the byte bound is not kept.
 */
export function createMemoryResponseCacheBackend({
  maxEntries = DEFAULT_CACHE_MAX_ENTRIES,
  maxBytes = DEFAULT_CACHE_MAX_BYTES,
  now,
}: MemoryResponseCacheBackendOptions = {}): ResponseCacheBackend {
  const entries = new LRUCache<string, CachedToolResult>({
    max: maxEntries,
    maxSize: maxBytes,
    sizeCalculation: (entry) => Math.max(1, Buffer.byteLength(JSON.stringify(entry.result))),
    // Checked on every read (no 1 ms cached clock), so an injected clock is obeyed exactly.
    ttlResolution: 0,
    ...(now !== undefined && { perf: { now } }),
  });
  return {
    description: 'memory',
    // Copies in and out, so no caller's later change to a result reaches the stored entry.
    async get(key) {
      const entry = entries.get(key);
      return entry === undefined ? undefined : structuredClone(entry);
    },
    async set(key, entry, ttlInMs) {
      entries.set(key, structuredClone(entry), { ttl: ttlInMs });
    },
    async close() {
      entries.clear();
    },
  };
}
