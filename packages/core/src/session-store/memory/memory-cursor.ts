import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import type { Page, PageOptions } from '../v1/index.js';
import { pageLimit } from '../validate-store-input.js';

/** The sort key of a listed record; the cursor is the key of the last item of a page. */
export type CursorKey = readonly [number, string] | readonly [string, string];

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** How a list is sorted, and the type of the first part of its keys. */
export interface ListOrder {
  readonly firstPart: 'number' | 'string';
  compare(a: CursorKey, b: CursorKey): number;
}

/** Keys `[time in ms, id]`, newest first: time descending, then id descending. */
export const newestFirst: ListOrder = {
  firstPart: 'number',
  compare(a, b) {
    const byTime = (b[0] as number) - (a[0] as number);
    return byTime !== 0 ? byTime : compareText(b[1], a[1]);
  },
};

/** Keys of two strings, both ascending. */
export const ascending: ListOrder = {
  firstPart: 'string',
  compare(a, b) {
    const first = compareText(a[0] as string, b[0] as string);
    return first !== 0 ? first : compareText(a[1], b[1]);
  },
};

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

function decodeCursor(cursor: unknown, firstPart: 'number' | 'string'): CursorKey {
  const fail = () =>
    new InvalidArgumentError({
      argument: 'cursor',
      message: '`cursor` is not a cursor of this list; pass the `nextCursor` of the previous page unchanged.',
    });
  if (typeof cursor !== 'string' || cursor === '') throw fail();
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw fail();
  }
  if (!Array.isArray(key) || key.length !== 2 || typeof key[0] !== firstPart || typeof key[1] !== 'string') {
    throw fail();
  }
  return key as unknown as CursorKey;
}

/** One page of `items` in `order`, starting after the cursor's key. */
export function paginate<T>(
  items: readonly T[],
  options: PageOptions | undefined,
  keyOf: (item: T) => CursorKey,
  order: ListOrder,
): Page<T> {
  const { compare } = order;
  const limit = pageLimit(options?.limit);
  const after = options?.cursor === undefined ? undefined : decodeCursor(options.cursor, order.firstPart);
  const sorted = [...items].sort((a, b) => compare(keyOf(a), keyOf(b)));
  const remaining = after === undefined ? sorted : sorted.filter((item) => compare(keyOf(item), after) > 0);
  const pageItems = remaining.slice(0, limit);
  const last = pageItems[pageItems.length - 1];
  return {
    items: pageItems,
    nextCursor: remaining.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : undefined,
  };
}
