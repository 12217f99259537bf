import { InvalidArgumentError } from '@exai/core';

/** The lists that page; a cursor from one is refused by the others. */
export type CursorList = 'threads' | 'files' | 'usage' | 'audit' | 'tasks';

/**
 * Cursors are opaque to callers: base64url of the list's name and the keyset values of the last
 * row of a page, as the RPC function reported them (times with microseconds).
 */
export function encodeCursor(list: CursorList, key: unknown): string | undefined {
  if (key === null || key === undefined) return undefined;
  return Buffer.from(JSON.stringify({ list, key }), 'utf8').toString('base64url');
}

export function decodeCursor(list: CursorList, cursor: string | undefined): [string, string] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      list?: unknown;
      key?: unknown;
    };
    const { key } = parsed;
    if (
      parsed.list === list &&
      Array.isArray(key) &&
      key.length === 2 &&
      key.every((value) => typeof value === 'string')
    ) {
      return [key[0] as string, key[1] as string];
    }
  } catch {
    // reported below
  }
  throw new InvalidArgumentError({
    argument: 'cursor',
    message: '`cursor` is not a cursor of this list; pass the `nextCursor` of the previous page unchanged.',
  });
}
