import { createMemorySessionStore } from '@exai/core';
import { describe, expect, it } from 'vitest';
import { openResumableEvents } from './open-resumable-events.js';

describe('openResumableEvents', () => {
  it('keeps events in the session store when EXAI_REDIS_URL is unset', async () => {
    const opened = await openResumableEvents({ env: {}, store: createMemorySessionStore() });
    expect(opened.description).toBe('session store');
    expect(opened.events.kind).toBe('store');
    await opened.close();
  });

  it('names EXAI_REDIS_URL, without its password, when Redis cannot be reached', async () => {
    const env = { EXAI_REDIS_URL: 'redis://user:secret@127.0.0.1:1/0' };
    const failure = await openResumableEvents({ env, store: createMemorySessionStore() }).catch(
      (error: unknown) => error as Error & { code?: string },
    );
    expect(failure).toMatchObject({ code: 'invalid_argument' });
    expect((failure as Error).message).toMatch(
      /cannot connect to Redis at redis:\/\/user:\*\*\*@127\.0\.0\.1:1\/0/,
    );
    expect((failure as Error).message).not.toContain('secret');
    expect((failure as Error).message).toContain('unset EXAI_REDIS_URL');
  });
});
