import { InvalidArgumentError, type Page } from '@exai/core';

/** The page size asked for (checked, 1–500, by `withStoreInputChecks`), defaulting to 50. */
export function pageLimit(limit: number | undefined): number {
  return limit ?? 50;
}

type CursorKey = (string | number)[];

/** An opaque cursor: the sort key of the last item of a page, as base64url JSON. */
export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The sort key inside a cursor, checked against `shape`; throws `InvalidArgumentError` if it is not one of ours. */
export function decodeCursor(
  cursor: string | undefined,
  shape: readonly ('string' | 'number')[],
): CursorKey | undefined {
  if (cursor === undefined) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (
    !Array.isArray(key) ||
    key.length !== shape.length ||
    key.some((part, index) => typeof part !== shape[index])
  ) {
    throw new InvalidArgumentError({
      argument: 'cursor',
      message: 'cursor is not a cursor this store returned; pass the nextCursor of the previous page.',
    });
  }
  return key as CursorKey;
}

/** Rows fetched with `limit + 1`: the extra row only says whether another page follows. */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
  keyOf: (row: Row) => CursorKey,
): Page<Item> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(toItem),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : undefined,
  };
}
