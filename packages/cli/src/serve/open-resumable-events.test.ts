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

  it('keeps events in the session store when Redis cannot be reached, saying so once without the password', async () => {
    const env = { EXAI_REDIS_URL: 'redis://user:secret@127.0.0.1:1/0' };
    const lines: string[] = [];
    const opened = await openResumableEvents({
      env,
      store: createMemorySessionStore(),
      log: (line) => lines.push(line),
    });
    expect(opened.events.kind).toBe('store');
    expect(opened.description).toBe('session store');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /EXAI_REDIS_URL: cannot connect to Redis at redis:\/\/user:\*\*\*@127\.0\.0\.1:1\/0/,
    );
    expect(lines[0]).not.toContain('secret');
    await opened.close();
  });
});
