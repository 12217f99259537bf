import { InvalidArgumentError, type Page } from '@exai/core';

/** The page size asked for (checked, 1–500, by `withStoreInputChecks`), defaulting to 50. */
export function pageLimit(limit: number | undefined): number {
  return limit ?? 50;
}

/**
 * A timestamp column as exact UTC text (microseconds kept), for keyset cursors: a JavaScript
 * `Date` keeps milliseconds only, so a cursor built from one could skip or repeat rows.
 */
export function exactTimestamp(column: string): string {
  return `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** Cursors are opaque to callers: base64url of the keyset values of a page's last row. */
export function encodeCursor(values: readonly string[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined, length: number): string[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === length && values.every((v) => typeof v === 'string')) {
      return values as string[];
    }
  } catch {
    // reported below
  }
  throw new InvalidArgumentError({
    argument: 'cursor',
    message:
      'The cursor is not one this store handed out; pass the `nextCursor` of the previous page unchanged.',
  });
}

/** Builds a page from rows fetched with `limit + 1`: the extra row only says that more follow. */
export function toPage<Row, T>(
  rows: Row[],
  limit: number,
  map: (row: Row) => T,
  cursorValues: (row: Row) => string[],
): Page<T> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows[pageRows.length - 1];
  const nextCursor = rows.length > limit && last !== undefined ? encodeCursor(cursorValues(last)) : undefined;
  return { items: pageRows.map(map), nextCursor };
}
