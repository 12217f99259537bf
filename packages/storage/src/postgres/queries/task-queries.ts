import {
  RecordNotFoundError,
  terminalTaskStatuses,
  type CreateTaskInput,
  type Page,
  type PageOptions,
  type TaskRecord,
  type TaskStatus,
  type TenantId,
  type UpdateTaskInput,
  type UpdateTaskResult,
} from '@exai/core';
import { withConstraintErrors } from './map-constraint-error.js';
import { decodeCursor, exactTimestamp, pageLimit, toPage } from './page-cursor.js';
import { optionalDate, optionalText, type StoreContext } from './store-context.js';
import { createRecordId } from '@exai/core/internal';

export interface TaskRow {
  tenant_id: string;
  id: string;
  status: string;
  status_message: string | null;
  request: Record<string, unknown>;
  result: Record<string, unknown> | null;
  ttl_ms: string | number | null;
  poll_interval_ms: string | number | null;
  created_at: Date;
  updated_at: Date;
  expires_at: Date | null;
}

export const taskColumns =
  'tenant_id, id, status, status_message, request, result, ttl_ms, poll_interval_ms, created_at, updated_at, expires_at';

const optionalNumber = (value: string | number | null): number | undefined =>
  value === null ? undefined : Number(value); // bigint arrives as text

export function mapTaskRow(row: TaskRow): TaskRecord {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    status: row.status as TaskStatus,
    statusMessage: optionalText(row.status_message),
    request: row.request,
    result: row.result ?? undefined,
    ttlInMs: optionalNumber(row.ttl_ms),
    pollIntervalInMs: optionalNumber(row.poll_interval_ms),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    expiresAt: optionalDate(row.expires_at),
  };
}

const terminal = terminalTaskStatuses.map((status) => `'${status}'`).join(', ');

export async function createTask(context: StoreContext, input: CreateTaskInput): Promise<TaskRecord> {
  const id = input.id ?? createRecordId();
  const createdAt = context.now();
  const expiresAt = input.ttlInMs === undefined ? null : new Date(createdAt.getTime() + input.ttlInMs);
  const result = await withConstraintErrors(
    {
      exists: { recordType: 'task', recordId: id },
      parent: { recordType: 'tenant', recordId: input.tenantId },
    },
    () =>
      context.executor.query<TaskRow>(
        `insert into tasks (tenant_id, id, status, status_message, request, ttl_ms, poll_interval_ms, created_at,
           updated_at, expires_at)
         values ($1, $2, 'working', $3, $4, $5, $6, $7, $7, $8)
         returning ${taskColumns}`,
        [
          input.tenantId,
          id,
          input.statusMessage ?? null,
          JSON.stringify(input.request),
          input.ttlInMs ?? null,
          input.pollIntervalInMs ?? null,
          createdAt,
          expiresAt,
        ],
      ),
  );
  return mapTaskRow(result.rows[0]!);
}

export async function getTask(
  context: StoreContext,
  tenantId: TenantId,
  taskId: string,
): Promise<TaskRecord | undefined> {
  const result = await context.executor.query<TaskRow>(
    `select ${taskColumns} from tasks where tenant_id = $1 and id = $2`,
    [tenantId, taskId],
    { idempotent: true },
  );
  const row = result.rows[0];
  return row === undefined ? undefined : mapTaskRow(row);
}

/** One statement: the update when the task is not terminal, else the row as it is. */
export async function updateTask(context: StoreContext, input: UpdateTaskInput): Promise<UpdateTaskResult> {
  const result = await context.executor.query<TaskRow & { updated: boolean }>(
    `with changed as (
       update tasks set status = $3, status_message = coalesce($4, status_message),
                        result = coalesce($5::jsonb, result), updated_at = $6
        where tenant_id = $1 and id = $2 and status not in (${terminal})
       returning ${taskColumns})
     select *, true as updated from changed
     union all
     select ${taskColumns}, false as updated from tasks
      where tenant_id = $1 and id = $2 and not exists (select 1 from changed)`,
    [
      input.tenantId,
      input.id,
      input.status,
      input.statusMessage ?? null,
      input.result === undefined ? null : JSON.stringify(input.result),
      context.now(),
    ],
  );
  const row = result.rows[0];
  if (row === undefined) {
    throw new RecordNotFoundError({
      recordType: 'task',
      recordId: input.id,
      message: `No task "${input.id}" exists in tenant "${input.tenantId}" (it may have expired).`,
    });
  }
  return { task: mapTaskRow(row), updated: row.updated };
}

export async function listTasks(
  context: StoreContext,
  tenantId: TenantId,
  options: PageOptions = {},
): Promise<Page<TaskRecord>> {
  const limit = pageLimit(options.limit);
  const after = decodeCursor(options.cursor, 2);
  const values: unknown[] = [tenantId, limit + 1];
  let where = '';
  if (after !== undefined) {
    values.push(after[0], after[1]);
    where = 'and (created_at, id) < ($3::timestamptz, $4)';
  }
  const result = await context.executor.query<TaskRow & { cursor_at: string }>(
    `select ${taskColumns}, ${exactTimestamp('created_at')} as cursor_at from tasks
      where tenant_id = $1 ${where}
      order by created_at desc, id desc limit $2`,
    values,
    { idempotent: true },
  );
  return toPage(result.rows, limit, mapTaskRow, (row) => [row.cursor_at, row.id]);
}
