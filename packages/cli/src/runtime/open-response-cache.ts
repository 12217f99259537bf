import { createHash } from 'node:crypto';
import {
  createMemoryResponseCacheBackend,
  createResponseCache,
  toolCatalogue,
  type ResponseCache,
} from '@exai/mcp';
import type { ExaiConfig } from '../config/exai-config-schema.js';
import { describeAge } from '../config/retention-config.js';
import { responseCacheSettings } from './response-cache-settings.js';

export interface OpenedResponseCache {
  cache: ResponseCache;
  /** For the start-up log line: backend, TTL and tools. */
  description: string;
}

/**
 * The response cache `exai serve` runs with, or undefined while it is off (the default). Its
 * namespace is a fingerprint of the configuration and the providers' base URLs, so replicas of one
 * deployment share entries and a changed configuration never reuses an earlier answer. The Redis
 * backend (`@exai/server`) is loaded only when asked for.
 */
export async function openResponseCache({
  config,
  env,
  providers,
  log,
}: {
  config: ExaiConfig;
  env: Readonly<Record<string, string | undefined>>;
  providers: readonly { id: string; baseURL: string }[];
  log: (line: string) => void;
}): Promise<OpenedResponseCache | undefined> {
  const settings = responseCacheSettings(config, env);
  if (settings === undefined) return undefined;
  let backend;
  if (settings.backend === 'redis' && settings.redis !== undefined) {
    const { openRedisResponseCacheBackend } = await import('@exai/server');
    backend = await openRedisResponseCacheBackend({ ...settings.redis, log });
  } else {
    backend = createMemoryResponseCacheBackend({
      ...(settings.maxEntries !== undefined && { maxEntries: settings.maxEntries }),
      ...(settings.maxBytes !== undefined && { maxBytes: settings.maxBytes }),
    });
  }
  const { cache: _cache, ...answering } = config;
  const namespace = createHash('sha256')
    .update(
      JSON.stringify({ config: answering, providers: providers.map(({ id, baseURL }) => ({ id, baseURL })) }),
    )
    .digest('hex');
  const cache = createResponseCache({
    backend,
    ttlInMs: settings.ttlInMs,
    namespace,
    ...(settings.tools !== undefined && { tools: settings.tools }),
    ...(settings.maxEntryBytes !== undefined && { maxEntryBytes: settings.maxEntryBytes }),
  });
  const tools = toolCatalogue.filter((entry) => cache.serves(entry.load())).map((entry) => entry.name);
  return {
    cache,
    description: `response cache on (${backend.description}, TTL ${describeAge(settings.ttlInMs)}): ${tools.join(', ')}`,
  };
}
