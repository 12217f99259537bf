import { InvalidConfigError } from '@exai/core';
import { DEFAULT_CACHE_TTL_IN_MS, toolCatalogue } from '@exai/mcp';
import type { RedisSettings } from '@exai/server';
import type { ExaiConfig } from '../config/exai-config-schema.js';
import { parseInterval } from '../commands/parse-interval.js';
import { loadRedisSettings } from './redis-settings.js';

export interface ResponseCacheSettings {
  backend: 'memory' | 'redis';
  ttlInMs: number;
  /** Undefined: the default tools (`file_query`, `web_search`). */
  tools: string[] | undefined;
  maxEntries: number | undefined;
  maxBytes: number | undefined;
  maxEntryBytes: number | undefined;
  /** `EXAI_REDIS_URL` and `EXAI_REDIS_KEY_PREFIX`, for the `redis` backend. */
  redis: RedisSettings | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The response cache's settings from `cache` in the config file, each key overridden by its
 * environment variable (`EXAI_CACHE_ENABLED`, `EXAI_CACHE_TTL`, `EXAI_CACHE_MAX_ENTRIES`,
 * `EXAI_CACHE_MAX_BYTES`, `EXAI_CACHE_TOOLS`, `EXAI_CACHE_BACKEND`); undefined while the cache is
 * off (the default). A tool that cannot be cached, or `redis` without `EXAI_REDIS_URL`, is an
 * `InvalidConfigError` saying what to change.
 */
export function responseCacheSettings(config: ExaiConfig, env: Env): ResponseCacheSettings | undefined {
  const file = config.cache ?? {};
  const issues: string[] = [];
  const read = (variable: string) => {
    const value = env[variable]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const enabledText = read('EXAI_CACHE_ENABLED');
  let enabled = file.enabled === true;
  if (enabledText !== undefined) {
    if (/^(1|true|yes|on)$/i.test(enabledText)) enabled = true;
    else if (/^(0|false|no|off)$/i.test(enabledText)) enabled = false;
    else issues.push(`EXAI_CACHE_ENABLED: "${enabledText}" is neither true nor false`);
  }
  const whole = (variable: string, fromFile: number | undefined) => {
    const text = read(variable);
    if (text === undefined) return fromFile;
    const value = Number(text);
    if (Number.isInteger(value) && value >= 1) return value;
    issues.push(`${variable}: "${text}" is not a whole number ≥ 1`);
    return undefined;
  };
  const maxEntries = whole('EXAI_CACHE_MAX_ENTRIES', file.maxEntries);
  const maxBytes = whole('EXAI_CACHE_MAX_BYTES', file.maxBytes);
  const ttlText = read('EXAI_CACHE_TTL') ?? file.ttl;
  let ttlInMs = DEFAULT_CACHE_TTL_IN_MS;
  if (ttlText !== undefined) {
    const source = read('EXAI_CACHE_TTL') !== undefined ? 'EXAI_CACHE_TTL' : 'cache.ttl';
    try {
      ttlInMs = parseInterval(source, ttlText);
    } catch {
      issues.push(`${source}: "${ttlText}" is not a duration such as 30s, 10m, 1h or 1d`);
    }
  }
  const toolsText = read('EXAI_CACHE_TOOLS');
  const tools = toolsText === undefined ? file.tools : nameList(toolsText);
  issues.push(...toolIssues(tools, toolsText === undefined ? 'cache.tools' : 'EXAI_CACHE_TOOLS'));
  const backendText = read('EXAI_CACHE_BACKEND') ?? file.backend ?? 'memory';
  const redis = loadRedisSettings(env);
  if (backendText !== 'memory' && backendText !== 'redis') {
    issues.push(`EXAI_CACHE_BACKEND: "${backendText}" is neither memory nor redis`);
  } else if (enabled && backendText === 'redis' && redis === undefined) {
    issues.push(
      'cache.backend is redis but EXAI_REDIS_URL is not set: set it (e.g. redis://127.0.0.1:6379), or use the memory backend',
    );
  }
  if (issues.length > 0)
    throw new InvalidConfigError({ source: 'the response cache settings (cache, EXAI_CACHE_*)', issues });
  if (!enabled) return undefined;
  return {
    backend: backendText as 'memory' | 'redis',
    ttlInMs,
    tools,
    maxEntries,
    maxBytes,
    maxEntryBytes: file.maxEntryBytes,
    redis,
  };
}

function toolIssues(tools: readonly string[] | undefined, source: string): string[] {
  const entries = toolCatalogue.map((entry) => ({ name: entry.name, tool: safeLoad(entry.load) }));
  const cacheable = entries
    .filter((entry) => entry.tool?.responseCache !== undefined)
    .map((entry) => entry.name);
  const known = new Set(entries.map((entry) => entry.name));
  return (tools ?? []).flatMap((name) => {
    if (!known.has(name))
      return [`${source}: there is no tool "${name}"; tools that can be cached: ${cacheable.join(', ')}`];
    if (cacheable.includes(name)) return [];
    return [
      `${source}: ${name} cannot be cached (it continues a conversation, keeps workflow state, has side ` +
        `effects or answers from live state); tools that can be cached: ${cacheable.join(', ')}`,
    ];
  });
}

function safeLoad(load: () => { responseCache?: unknown }) {
  try {
    return load();
  } catch {
    return undefined;
  }
}

function nameList(text: string): string[] {
  return text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}
