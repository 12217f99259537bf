import type { ToolResult } from '../tools/define-tool.js';

/** One stored answer: the tool's result as `execute` returned it, and when it was stored. */
export interface CachedToolResult {
  result: ToolResult;
  /** Milliseconds since the epoch (the cache's clock) when the result was stored. */
  storedAt: number;
}

/**
 * Where the response cache keeps entries: in memory (`createMemoryResponseCacheBackend`) or shared
 * by replicas (`createRedisResponseCacheBackend` in `@exai/server`). Keys are hex SHA-256 digests
 * that already hold the tenant, tool, model and every parameter; a backend only stores and expires.
 *
 * A backend that cannot reach its storage throws: the cache then logs it, and the call goes
 * through uncached.
 */
export interface ResponseCacheBackend {
  /** For the start-up line and `status`: `memory` or `Redis`. */
  readonly description: string;
  get(key: string): Promise<CachedToolResult | undefined>;
  /** Keeps the entry for `ttlInMs` (and may drop it earlier to stay within its bounds). */
  set(key: string, entry: CachedToolResult, ttlInMs: number): Promise<void>;
  close(): Promise<void>;
}
