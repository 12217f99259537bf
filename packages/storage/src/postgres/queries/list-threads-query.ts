import type { ListThreadsOptions, Page, TenantId, ThreadRecord } from '@exai/core';
import { decodeCursor, exactTimestamp, pageLimit, toPage } from './page-cursor.js';
import type { StoreContext } from './store-context.js';
import { mapThreadRow, threadColumns, type ThreadRow } from './thread-row.js';

/** `%`, `_` and the escape character itself match literally. */
export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * A tenant's threads, most recently updated first, keyset-paged on `(updated_at, id)` — the
 * order of the `threads_tenant_recent_idx` index, so a page is an index range scan.
 */
export function listThreadsQuery(
  tenantId: TenantId,
  options: ListThreadsOptions,
  now: Date,
): { text: string; values: unknown[]; limit: number } {
  const limit = pageLimit(options.limit);
  const values: unknown[] = [tenantId];
  const where = ['t.tenant_id = $1'];
  if (options.includeExpired !== true) {
    values.push(now);
    where.push(`(t.expires_at is null or t.expires_at >= $${values.length})`);
  }
  const cursor = decodeCursor(options.cursor, 2);
  if (cursor !== undefined) {
    values.push(cursor[0], cursor[1]);
    where.push(`(t.updated_at, t.id) < ($${values.length - 1}::timestamptz, $${values.length})`);
  }
  if (options.search !== undefined && options.search !== '') {
    values.push(`%${escapeLikePattern(options.search)}%`);
    const pattern = `$${values.length}`;
    where.push(
      `(t.title ilike ${pattern} escape '\\' or exists (select 1 from turns u
        where u.tenant_id = t.tenant_id and u.thread_id = t.id and u.content ilike ${pattern} escape '\\'))`,
    );
  }
  values.push(limit + 1);
  const text = `select ${threadColumns.replace(/(\w+)/g, 't.$1')}, ${exactTimestamp('t.updated_at')} as cursor_at
    from threads t where ${where.join(' and ')}
    order by t.updated_at desc, t.id desc limit $${values.length}`;
  return { text, values, limit };
}

export async function listThreads(
  context: StoreContext,
  tenantId: TenantId,
  options: ListThreadsOptions = {},
): Promise<Page<ThreadRecord>> {
  const { text, values, limit } = listThreadsQuery(tenantId, options, context.now());
  const result = await context.executor.query<ThreadRow & { cursor_at: string }>(text, values, {
    idempotent: true,
  });
  return toPage(result.rows, limit, mapThreadRow, (row) => [row.cursor_at, row.id]);
}
