import {
  RecordExistsError,
  RecordNotFoundError,
  type CreateThreadInput,
  type ListThreadsOptions,
  type Page,
  type ThreadRecord,
} from '@exai/core';

import { decodeCursor, pageLimit, toPage } from './sqlite-page.js';
import type { TenantQueries } from './sqlite-tenants.js';
import {
  containsPattern,
  fromOptionalMs,
  orNull,
  parseJson,
  toJson,
  toMs,
  toOptionalMs,
  type SqliteContext,
} from './sqlite-values.js';
import { createRecordId } from '@exai/core/internal';

export interface ThreadRow {
  tenant_id: string;
  id: string;
  title: string | null;
  created_at: number;
  updated_at: number;
  expires_at: number | null;
  turn_count: number;
  metadata: string;
}

export const selectThreadsSql = 'SELECT * FROM threads ORDER BY tenant_id, created_at, id';

export function toThreadRecord(row: ThreadRow): ThreadRecord {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    title: row.title ?? undefined,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    expiresAt: fromOptionalMs(row.expires_at),
    turnCount: row.turn_count,
    metadata: parseJson(row.metadata),
  };
}

interface ListParameters {
  tenantId: string;
  includeExpired: number;
  now: number;
  cursorUpdatedAt: number;
  cursorId: string;
  pattern: string | null;
  limit: number;
}

export function createThreadQueries({ db, now }: SqliteContext, tenants: TenantQueries) {
  const insert = db.prepare<[ThreadRow]>(
    `INSERT INTO threads (tenant_id, id, title, created_at, updated_at, expires_at, turn_count, metadata)
     VALUES (@tenant_id, @id, @title, @created_at, @updated_at, @expires_at, @turn_count, @metadata)
     ON CONFLICT DO NOTHING`,
  );
  const get = db.prepare<[string, string], ThreadRow>('SELECT * FROM threads WHERE tenant_id = ? AND id = ?');
  const remove = db.prepare<[string, string]>('DELETE FROM threads WHERE tenant_id = ? AND id = ?');
  const listSql = (cursorCondition: string) => `SELECT * FROM threads
     WHERE tenant_id = @tenantId
       AND (@includeExpired = 1 OR expires_at IS NULL OR expires_at >= @now)
       ${cursorCondition}
       AND (@pattern IS NULL OR title LIKE @pattern ESCAPE '\\' OR EXISTS (
             SELECT 1 FROM turns
             WHERE turns.tenant_id = threads.tenant_id AND turns.thread_id = threads.id
               AND turns.content LIKE @pattern ESCAPE '\\'))
     ORDER BY updated_at DESC, id DESC
     LIMIT @limit`;
  const listFirst = db.prepare<[Omit<ListParameters, 'cursorUpdatedAt' | 'cursorId'>], ThreadRow>(
    listSql(''),
  );
  // A row value, so a later page starts with a seek into threads_tenant_updated_idx instead of
  // walking the index from the top (an OR of the two comparisons is not used as a range).
  const listAfter = db.prepare<[ListParameters], ThreadRow>(
    listSql('AND (updated_at, id) < (@cursorUpdatedAt, @cursorId)'),
  );

  /** Inserts unless the key exists; returns whether it did. */
  const insertRecord = (record: ThreadRecord): boolean =>
    insert.run({
      tenant_id: record.tenantId,
      id: record.id,
      title: orNull(record.title),
      created_at: toMs(record.createdAt, 'createdAt'),
      updated_at: toMs(record.updatedAt, 'updatedAt'),
      expires_at: toOptionalMs(record.expiresAt, 'expiresAt'),
      turn_count: record.turnCount,
      metadata: toJson(record.metadata, {}),
    }).changes > 0;

  return {
    create: db.transaction((input: CreateThreadInput): ThreadRecord => {
      const createdAt = now();
      const record: ThreadRecord = {
        tenantId: input.tenantId,
        id: input.id ?? createRecordId(),
        title: input.title,
        createdAt,
        updatedAt: new Date(createdAt.getTime()),
        expiresAt: input.expiresAt,
        turnCount: 0,
        metadata: input.metadata ?? {},
      };
      if (!tenants.exists(record.tenantId)) {
        throw new RecordNotFoundError({ recordType: 'tenant', recordId: record.tenantId });
      }
      if (!insertRecord(record)) throw new RecordExistsError({ recordType: 'thread', recordId: record.id });
      return record;
    }).immediate,
    get(tenantId: string, threadId: string): ThreadRecord | undefined {
      const row = get.get(tenantId, threadId);
      return row === undefined ? undefined : toThreadRecord(row);
    },
    list(tenantId: string, options: ListThreadsOptions = {}): Page<ThreadRecord> {
      const limit = pageLimit(options.limit);
      const [cursorUpdatedAt, cursorId] = (decodeCursor(options.cursor, ['number', 'string']) ?? [
        null,
        null,
      ]) as [number | null, string | null];
      const search = options.search;
      const parameters = {
        tenantId: tenantId,
        includeExpired: options.includeExpired === true ? 1 : 0,
        now: now().getTime(),
        pattern: search === undefined || search === '' ? null : containsPattern(search),
        limit: limit + 1,
      };
      const rows =
        cursorUpdatedAt === null || cursorId === null
          ? listFirst.all(parameters)
          : listAfter.all({ ...parameters, cursorUpdatedAt, cursorId });
      return toPage(rows, limit, toThreadRecord, (row) => [row.updated_at, row.id]);
    },
    delete: (tenantId: string, threadId: string): boolean => remove.run(tenantId, threadId).changes > 0,
    insertRecord,
  };
}
