import type { ToolRun } from './run-cached-tool.js';

/**
 * The `_meta` entry of a result served from the response cache:
 * `"exai/cache": { "hit": true, "age_in_ms": 4200, "stored_at": "2026-…Z" }`. Empty for other results.
 */
export function cacheHitMeta(cacheHit: ToolRun['cacheHit']): Record<string, unknown> {
  if (cacheHit === undefined) return {};
  return {
    'exai/cache': {
      hit: true,
      age_in_ms: Math.round(cacheHit.ageInMs),
      stored_at: new Date(cacheHit.storedAt).toISOString(),
    },
  };
}
