import {
  RecordExistsError,
  RecordNotFoundError,
  terminalTaskStatuses,
  type CreateTaskInput,
  type Page,
  type PageOptions,
  type TaskRecord,
  type TaskStatus,
  type UpdateTaskInput,
  type UpdateTaskResult,
} from '@exai/core';

import { decodeCursor, pageLimit, toPage } from './sqlite-page.js';
import type { TenantQueries } from './sqlite-tenants.js';
import {
  fromOptionalMs,
  orNull,
  parseJson,
  toMs,
  toOptionalMs,
  type SqliteContext,
} from './sqlite-values.js';
import { createRecordId } from '@exai/core/internal';

export interface TaskRow {
  tenant_id: string;
  id: string;
  status: string;
  status_message: string | null;
  request: string;
  result: string | null;
  ttl_ms: number | null;
  poll_interval_ms: number | null;
  created_at: number;
  updated_at: number;
  expires_at: number | null;
}

export const selectTasksSql = 'SELECT * FROM tasks ORDER BY tenant_id, created_at, id';

export function toTaskRecord(row: TaskRow): TaskRecord {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    status: row.status as TaskStatus,
    statusMessage: row.status_message ?? undefined,
    request: parseJson(row.request),
    result: row.result === null ? undefined : parseJson(row.result),
    ttlInMs: row.ttl_ms ?? undefined,
    pollIntervalInMs: row.poll_interval_ms ?? undefined,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    expiresAt: fromOptionalMs(row.expires_at),
  };
}

const terminal = terminalTaskStatuses.map((status) => `'${status}'`).join(', ');

export function createTaskQueries({ db, now }: SqliteContext, tenants: TenantQueries) {
  const insert = db.prepare<[TaskRow]>(
    `INSERT INTO tasks (tenant_id, id, status, status_message, request, result, ttl_ms, poll_interval_ms,
                        created_at, updated_at, expires_at)
     VALUES (@tenant_id, @id, @status, @status_message, @request, @result, @ttl_ms, @poll_interval_ms,
             @created_at, @updated_at, @expires_at)
     ON CONFLICT DO NOTHING`,
  );
  const get = db.prepare<[string, string], TaskRow>('SELECT * FROM tasks WHERE tenant_id = ? AND id = ?');
  const update = db.prepare<
    [
      {
        tenantId: string;
        id: string;
        status: string;
        message: string | null;
        result: string | null;
        at: number;
      },
    ],
    TaskRow
  >(
    `UPDATE tasks SET status = @status, status_message = coalesce(@message, status_message),
                      result = coalesce(@result, result), updated_at = @at
     WHERE tenant_id = @tenantId AND id = @id AND status NOT IN (${terminal})
     RETURNING *`,
  );
  const list = db.prepare<
    [{ tenantId: string; cursorAt: number | null; cursorId: string | null; limit: number }],
    TaskRow
  >(
    `SELECT * FROM tasks WHERE tenant_id = @tenantId
       AND (@cursorAt IS NULL OR created_at < @cursorAt OR (created_at = @cursorAt AND id < @cursorId))
     ORDER BY created_at DESC, id DESC LIMIT @limit`,
  );

  const insertRecord = (record: TaskRecord): boolean =>
    insert.run({
      tenant_id: record.tenantId,
      id: record.id,
      status: record.status,
      status_message: orNull(record.statusMessage),
      request: JSON.stringify(record.request),
      result: record.result === undefined ? null : JSON.stringify(record.result),
      ttl_ms: orNull(record.ttlInMs),
      poll_interval_ms: orNull(record.pollIntervalInMs),
      created_at: toMs(record.createdAt, 'createdAt'),
      updated_at: toMs(record.updatedAt, 'updatedAt'),
      expires_at: toOptionalMs(record.expiresAt, 'expiresAt'),
    }).changes > 0;

  return {
    create: db.transaction((input: CreateTaskInput): TaskRecord => {
      const createdAt = now();
      const record: TaskRecord = {
        tenantId: input.tenantId,
        id: input.id ?? createRecordId(),
        status: 'working',
        statusMessage: input.statusMessage,
        request: input.request,
        result: undefined,
        ttlInMs: input.ttlInMs,
        pollIntervalInMs: input.pollIntervalInMs,
        createdAt,
        updatedAt: createdAt,
        expiresAt: input.ttlInMs === undefined ? undefined : new Date(createdAt.getTime() + input.ttlInMs),
      };
      if (!tenants.exists(record.tenantId)) {
        throw new RecordNotFoundError({ recordType: 'tenant', recordId: record.tenantId });
      }
      if (!insertRecord(record)) throw new RecordExistsError({ recordType: 'task', recordId: record.id });
      return record;
    }).immediate,
    get(tenantId: string, taskId: string): TaskRecord | undefined {
      const row = get.get(tenantId, taskId);
      return row === undefined ? undefined : toTaskRecord(row);
    },
    update: db.transaction((input: UpdateTaskInput): UpdateTaskResult => {
      const row = update.get({
        tenantId: input.tenantId,
        id: input.id,
        status: input.status,
        message: orNull(input.statusMessage),
        result: input.result === undefined ? null : JSON.stringify(input.result),
        at: now().getTime(),
      });
      if (row !== undefined) return { task: toTaskRecord(row), updated: true };
      const current = get.get(input.tenantId, input.id);
      if (current === undefined) {
        throw new RecordNotFoundError({
          recordType: 'task',
          recordId: input.id,
          message: `No task "${input.id}" exists in tenant "${input.tenantId}" (it may have expired).`,
        });
      }
      return { task: toTaskRecord(current), updated: false };
    }).immediate,
    list(tenantId: string, options: PageOptions = {}): Page<TaskRecord> {
      const limit = pageLimit(options.limit);
      const [cursorAt, cursorId] = (decodeCursor(options.cursor, ['number', 'string']) ?? [null, null]) as [
        number | null,
        string | null,
      ];
      const rows = list.all({ tenantId, cursorAt, cursorId, limit: limit + 1 });
      return toPage(rows, limit, toTaskRecord, (row) => [row.created_at, row.id]);
    },
    insertRecord,
  };
}

export type TaskQueries = ReturnType<typeof createTaskQueries>;
