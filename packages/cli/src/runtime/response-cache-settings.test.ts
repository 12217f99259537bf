import { describe, expect, it } from 'vitest';
import { exaiConfigSchema } from '../config/exai-config-schema.js';
import { responseCacheSettings } from './response-cache-settings.js';

const config = (cache?: unknown) => exaiConfigSchema.parse(cache === undefined ? {} : { cache });

describe('the response cache settings', () => {
  it('leave the cache off by default, and when the file says enabled: false', () => {
    expect(responseCacheSettings(config(), {})).toBeUndefined();
    expect(responseCacheSettings(config({ enabled: false, tools: ['chat'] }), {})).toBeUndefined();
  });

  it('read the file, each key overridden by its environment variable', () => {
    const settings = responseCacheSettings(
      config({ enabled: true, ttl: '1h', tools: ['chat'], maxEntries: 10 }),
      {
        EXAI_CACHE_TTL: '90s',
        EXAI_CACHE_MAX_BYTES: '2048',
      },
    );
    expect(settings).toMatchObject({
      backend: 'memory',
      ttlInMs: 90_000,
      tools: ['chat'],
      maxEntries: 10,
      maxBytes: 2048,
    });
    expect(
      responseCacheSettings(config(), {
        EXAI_CACHE_ENABLED: 'true',
        EXAI_CACHE_TOOLS: 'chat, consensus',
        EXAI_CACHE_BACKEND: 'redis',
        EXAI_REDIS_URL: 'redis://127.0.0.1:6379',
        EXAI_REDIS_KEY_PREFIX: 'team-a:',
      }),
    ).toMatchObject({
      backend: 'redis',
      tools: ['chat', 'consensus'],
      ttlInMs: 600_000,
      redis: { url: 'redis://127.0.0.1:6379', keyPrefix: 'team-a:' },
    });
    expect(responseCacheSettings(config({ enabled: true }), { EXAI_CACHE_ENABLED: '0' })).toBeUndefined();
  });

  it('refuse a tool that must never be cached, an unknown one, and redis without EXAI_REDIS_URL', () => {
    expect(() => responseCacheSettings(config({ enabled: true, tools: ['thinkdeep'] }), {})).toThrow(
      /cache\.tools: thinkdeep cannot be cached .*tools that can be cached: chat, consensus, web_search, file_query/,
    );
    expect(() => responseCacheSettings(config(), { EXAI_CACHE_TOOLS: 'chatt' })).toThrow(
      /EXAI_CACHE_TOOLS: there is no tool "chatt"/,
    );
    expect(() => responseCacheSettings(config({ enabled: true, backend: 'redis' }), {})).toThrow(
      /cache\.backend is redis but EXAI_REDIS_URL is not set/,
    );
    expect(() =>
      responseCacheSettings(config(), { EXAI_CACHE_ENABLED: 'maybe', EXAI_CACHE_TTL: '10' }),
    ).toThrow(
      /EXAI_CACHE_ENABLED: "maybe" is neither true nor false[\s\S]*EXAI_CACHE_TTL: "10" is not a duration/,
    );
    expect(() => config({ enabled: true, ttl: 'ten minutes' })).toThrow(
      /a duration such as 30s, 10m, 1h or 1d/,
    );
  });
});
