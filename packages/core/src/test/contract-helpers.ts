import { expect } from 'vitest';
import {
  DEFAULT_TENANT_ID,
  type Page,
  type SessionStoreV1,
  type StoreRecord,
  type ThreadRecord,
} from '../session-store/v1/index.js';

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An error class of `@exai/core`, checked with its `isInstance` so duplicate copies pass. */
interface ErrorClass {
  readonly name: string;
  isInstance(error: unknown): boolean;
}

/** Awaits `promise` and asserts it rejects with an error of `errorClass`. */
export async function expectRejection(promise: Promise<unknown>, errorClass: ErrorClass): Promise<void> {
  let outcome: { error: unknown } | undefined;
  try {
    await promise;
  } catch (error) {
    outcome = { error };
  }
  if (outcome === undefined) expect.fail(`expected a ${errorClass.name}, but the call resolved`);
  if (!errorClass.isInstance(outcome.error)) {
    const error = outcome.error;
    const described = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    expect.fail(`expected a ${errorClass.name}, got ${described}`);
  }
}

/** Follows `nextCursor` to the end and returns each page's items; fails on a cursor loop. */
export async function collectPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  maxPages = 100,
): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    pages.push(page.items);
    cursor = page.nextCursor;
    if (pages.length > maxPages) expect.fail(`more than ${maxPages} pages: does nextCursor move on?`);
  } while (cursor !== undefined);
  return pages;
}

export async function collectRecords(store: SessionStoreV1): Promise<StoreRecord[]> {
  const records: StoreRecord[] = [];
  for await (const record of store.exportRecords()) records.push(record);
  return records;
}

/** JSON with object keys sorted, so records compare whatever order a database returns keys in. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

/**
 * Exported records as sorted, comparable strings. Each store makes its own tenant `default`, and
 * an import leaves it as it was, so only its id is compared.
 */
export function normalizeRecords(records: readonly StoreRecord[]): string[] {
  return records
    .map((entry) =>
      entry.type === 'tenant' && entry.record.id === DEFAULT_TENANT_ID
        ? stableJson({ type: entry.type, record: { id: entry.record.id } })
        : stableJson(entry),
    )
    .sort();
}

export function countByType(records: readonly StoreRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { type } of records) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

/** Orders threads as `listThreads` must: `updatedAt` descending, then id descending. */
export function byRecency(a: ThreadRecord, b: ThreadRecord): number {
  const byTime = b.updatedAt.getTime() - a.updatedAt.getTime();
  return byTime !== 0 ? byTime : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * Appends to a thread until the store stamps it later than `than`. Stores stamp `updatedAt` with
 * their own clock, which may not have ticked since the previous write; this waits for it to tick
 * rather than assuming it has.
 */
export async function appendUntilUpdatedAfter(
  store: SessionStoreV1,
  tenantId: string,
  threadId: string,
  than: Date,
): Promise<ThreadRecord> {
  for (let attempt = 1; attempt <= 500; attempt += 1) {
    await store.appendTurn({ tenantId, threadId, role: 'user', content: `touch ${attempt}` });
    const thread = await store.getThread(tenantId, threadId);
    if (thread === undefined) expect.fail(`thread ${threadId} vanished`);
    if (thread.updatedAt.getTime() > than.getTime()) return thread;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return expect.fail(`the store never stamped thread ${threadId} later than ${than.toISOString()}`);
}

export function latest(dates: readonly Date[]): Date {
  return new Date(Math.max(...dates.map((date) => date.getTime())));
}
