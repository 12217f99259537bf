import type { AnyExaiTool } from '../tools/define-tool.js';
import type { ResponseCacheBackend } from './response-cache-backend.js';

export const DEFAULT_CACHE_TTL_IN_MS = 10 * 60 * 1000;
export const DEFAULT_CACHE_MAX_ENTRY_BYTES = 1024 * 1024;

export interface ResponseCacheOptions {
  backend: ResponseCacheBackend;
  /** How long an answer is reused. Default 10 minutes. */
  ttlInMs?: number;
  /**
   * The tools cached, by name (`cache.tools`). Default: every tool that declares `responseCache`
   * and is not chat-like (`file_query`, `web_search`). A tool that declares nothing is never
   * cached, whatever this list says.
   */
  tools?: readonly string[];
  /** A result whose JSON is larger than this is not stored. Default 1 MiB. */
  maxEntryBytes?: number;
  /**
   * A fingerprint of the server's configuration (providers, models, defaults): replicas with the
   * same one share entries, and a changed configuration misses every earlier entry. Default ''.
   */
  namespace?: string;
  /** Milliseconds since the epoch; entries older than the TTL by it are misses. Default `Date.now`. */
  now?: () => number;
}

/** The opt-in response cache of a runtime (`runtime.responseCache`); see docs/caching.md. */
export interface ResponseCache {
  readonly backend: ResponseCacheBackend;
  readonly ttlInMs: number;
  readonly maxEntryBytes: number;
  readonly namespace: string;
  now(): number;
  /** Whether calls of this tool are looked up in the cache. */
  serves(tool: AnyExaiTool): boolean;
  close(): Promise<void>;
}

export function createResponseCache({
  backend,
  ttlInMs = DEFAULT_CACHE_TTL_IN_MS,
  tools,
  maxEntryBytes = DEFAULT_CACHE_MAX_ENTRY_BYTES,
  namespace = '',
  now = Date.now,
}: ResponseCacheOptions): ResponseCache {
  const named = tools === undefined ? undefined : new Set(tools);
  return {
    backend,
    ttlInMs,
    maxEntryBytes,
    namespace,
    now,
    serves(tool) {
      const declared = tool.responseCache;
      if (declared === undefined) return false;
      return named === undefined ? !declared.chatLike : named.has(tool.name);
    },
    close: () => backend.close(),
  };
}
