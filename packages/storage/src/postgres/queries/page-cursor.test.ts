import { InvalidArgumentError } from '@exai/core';
import { describe, expect, it } from 'vitest';
import { escapeLikePattern } from './list-threads-query.js';
import { decodeCursor, encodeCursor, pageLimit, toPage } from './page-cursor.js';

describe('pages and cursors', () => {
  it('round-trips keyset values through an opaque cursor', () => {
    const cursor = encodeCursor(['2030-01-01T00:00:00.123456Z', 'thread "1"']);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 2)).toEqual(['2030-01-01T00:00:00.123456Z', 'thread "1"']);
    expect(decodeCursor(undefined, 2)).toBeUndefined();
  });

  it('refuses a cursor it did not hand out', () => {
    for (const bad of [
      'not-a-cursor',
      encodeCursor(['only one']),
      Buffer.from('{"a":1}').toString('base64url'),
    ]) {
      expect(() => decodeCursor(bad, 2)).toThrow(expect.toSatisfy(InvalidArgumentError.isInstance));
    }
  });

  it('defaults the limit to 50 (withStoreInputChecks has already refused one outside 1–500)', () => {
    expect([pageLimit(undefined), pageLimit(10), pageLimit(500)]).toEqual([50, 10, 500]);
  });

  it('hands out a cursor only when a row beyond the page was fetched', () => {
    const cursorOf = (row: number) => [String(row)];
    expect(toPage([1, 2, 3], 2, String, cursorOf)).toEqual({
      items: ['1', '2'],
      nextCursor: encodeCursor(['2']),
    });
    expect(toPage([1, 2], 2, String, cursorOf)).toEqual({ items: ['1', '2'], nextCursor: undefined });
  });

  it('escapes LIKE wildcards and the escape character', () => {
    expect(escapeLikePattern('50%_a\\b')).toBe('50\\%\\_a\\\\b');
  });
});
