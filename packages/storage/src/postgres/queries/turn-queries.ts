import {
  RecordNotFoundError,
  type AppendTurnInput,
  type AppendTurnResult,
  type ListTurnsOptions,
  type TenantId,
  type TurnRecord,
} from '@exai/core';
import { mapConstraintError } from './map-constraint-error.js';
import type { StoreContext } from './store-context.js';
import { mapTurnRow, turnColumns, type TurnRow } from './turn-row.js';

/** The hot read: a thread's turns in order, a range of the primary key index. */
export const listTurnsSql = `select ${turnColumns} from turns
  where tenant_id = $1 and thread_id = $2 and seq > $3 order by seq limit $4`;

/**
 * One statement, so one round trip and its own transaction: lock the thread row (concurrent
 * appends to one thread queue up there, so `seq` has no gaps), insert the turn at
 * `greatest(turn_count, max(seq)) + 1` (a restore may leave either one ahead), then move the
 * thread — each step fed by the rows of the one before, so a missing thread inserts nothing and a
 * repeated idempotency key moves nothing. Always one row: `thread_rows` 0 means no such thread;
 * null turn columns mean the key had been used.
 */
export const appendTurnSql = `with thread as (
    select turn_count from threads where tenant_id = $1::text and id = $2::text for update
  ), next as (
    select greatest(thread.turn_count,
      (select coalesce(max(seq), 0) from turns where tenant_id = $1::text and thread_id = $2::text)) + 1 as seq
    from thread
  ), inserted as (
    insert into turns (tenant_id, thread_id, seq, role, content, tool_name, model, files, idempotency_key,
      created_at, metadata)
    select $1, $2, next.seq, $3::text, $4::text, $5::text, $6::text, $7::jsonb, $8::text,
      $9::timestamptz, $10::jsonb
    from next
    on conflict (tenant_id, thread_id, idempotency_key) do nothing
    returning ${turnColumns}
  ), moved as (
    update threads set turn_count = inserted.seq, updated_at = inserted.created_at,
      expires_at = coalesce($11::timestamptz, threads.expires_at)
    from inserted where threads.tenant_id = $1 and threads.id = $2
  )
  select (select count(*) from thread)::int as thread_rows, inserted.*
  from (values (1)) as one (x) left join inserted on true`;

const turnByKeySql = `select ${turnColumns} from turns
  where tenant_id = $1 and thread_id = $2 and idempotency_key = $3`;

/**
 * Appends in one statement (see `appendTurnSql`); a repeated idempotency key reads the first turn
 * with a second one. Retried on a transient failure when harmless: always with an idempotency key,
 * and otherwise only when the statement surely did not commit.
 */
export async function appendTurn(context: StoreContext, input: AppendTurnInput): Promise<AppendTurnResult> {
  const thread = { recordType: 'thread', recordId: input.threadId };
  const idempotent = input.idempotencyKey !== undefined;
  try {
    const appended = await context.executor.query<Partial<TurnRow> & { thread_rows: number }>(
      appendTurnSql,
      [
        input.tenantId,
        input.threadId,
        input.role,
        input.content,
        input.toolName ?? null,
        input.model ?? null,
        JSON.stringify(input.files ?? []),
        input.idempotencyKey ?? null,
        context.now(),
        input.metadata ?? {},
        input.expiresAt ?? null,
      ],
      { idempotent },
    );
    const row = appended.rows[0]!;
    if (row.thread_rows === 0) throw new RecordNotFoundError(thread);
    if (row.seq !== null && row.seq !== undefined) return { turn: mapTurnRow(row as TurnRow), created: true };
    const existing = await context.executor.query<TurnRow>(
      turnByKeySql,
      [input.tenantId, input.threadId, input.idempotencyKey],
      { idempotent: true },
    );
    return { turn: mapTurnRow(existing.rows[0]!), created: false };
  } catch (error) {
    // A remaining unique violation is the turn's primary key: the seq was taken after all.
    throw mapConstraintError(error, {
      parent: thread,
      exists: { recordType: 'turn', recordId: `${input.threadId}: next seq` },
    });
  }
}

export async function listTurns(
  context: StoreContext,
  tenantId: TenantId,
  threadId: string,
  { afterSeq = 0, limit }: ListTurnsOptions = {},
): Promise<TurnRecord[]> {
  const result = await context.executor.query<TurnRow>(
    listTurnsSql,
    [tenantId, threadId, afterSeq, limit ?? null],
    {
      idempotent: true,
    },
  );
  return result.rows.map(mapTurnRow);
}
