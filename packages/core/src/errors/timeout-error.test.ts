import { describe, expect, it } from 'vitest';

import { TimeoutError } from './timeout-error.js';

describe('TimeoutError', () => {
  it('says which deadline ran out, on what kind of request, in one readable sentence', () => {
    const url = 'https://api.example.com/v1/chat/completions';
    expect(new TimeoutError({ phase: 'total', timeoutInMs: 45_000, url, streamed: true }).message).toBe(
      `The total timeout of 45000 ms ran out before the whole call of a streamed request ended, its retries included (${url}).`,
    );
    expect(new TimeoutError({ phase: 'total', timeoutInMs: 45_000 }).message).toBe(
      'The total timeout of 45000 ms ran out before the whole call ended, its retries included.',
    );
    expect(
      new TimeoutError({ phase: 'idle', timeoutInMs: 6_000, url, streamed: true, afterFirstByte: true })
        .message,
    ).toBe(
      `The idle timeout of 6000 ms ran out while waiting for the next chunk of the response body of a streamed request (${url}). ` +
        'Not retried: part of the answer had already arrived.',
    );
  });
});
