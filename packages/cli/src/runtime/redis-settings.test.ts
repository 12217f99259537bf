import { describe, expect, it } from 'vitest';
import { loadRedisSettings, redactRedisUrl } from './redis-settings.js';

describe('loadRedisSettings', () => {
  it('is undefined without EXAI_REDIS_URL (or with a blank one)', () => {
    expect(loadRedisSettings({})).toBeUndefined();
    expect(loadRedisSettings({ EXAI_REDIS_URL: '  ', EXAI_REDIS_KEY_PREFIX: 'team-a:' })).toBeUndefined();
  });

  it('carries EXAI_REDIS_KEY_PREFIX with the URL, and exai: when it is unset or blank', () => {
    expect(
      loadRedisSettings({ EXAI_REDIS_URL: ' redis://r:6379/2 ', EXAI_REDIS_KEY_PREFIX: ' reviewb: ' }),
    ).toEqual({ url: 'redis://r:6379/2', keyPrefix: 'reviewb:' });
    expect(loadRedisSettings({ EXAI_REDIS_URL: 'redis://r:6379' })).toEqual({
      url: 'redis://r:6379',
      keyPrefix: 'exai:',
    });
    expect(loadRedisSettings({ EXAI_REDIS_URL: 'redis://r:6379', EXAI_REDIS_KEY_PREFIX: '' })).toEqual({
      url: 'redis://r:6379',
      keyPrefix: 'exai:',
    });
  });
});

describe('redactRedisUrl', () => {
  it('hides the password and keeps the rest', () => {
    expect(redactRedisUrl('redis://user:hunter2@r:6379/0')).toBe('redis://user:***@r:6379/0');
    expect(redactRedisUrl('rediss://:hunter2@r:6380')).toBe('rediss://:***@r:6380');
    expect(redactRedisUrl('redis://r:6379')).toBe('redis://r:6379');
  });
});
