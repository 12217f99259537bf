import {
  InvalidArgumentError,
  RecordNotFoundError,
  type AppendTurnInput,
  type AppendTurnResult,
  type ListTurnsOptions,
  type TenantId,
  type TurnRecord,
} from '@exai/core';
import type { Queryable } from '../executor/postgres-executor.js';
import { mapConstraintError } from './map-constraint-error.js';
import type { StoreContext } from './store-context.js';
import { mapTurnRow, turnColumns, type TurnRow } from './turn-row.js';

/** The hot read: a thread's turns in order, a range of the primary key index. */
export const listTurnsSql = `select ${turnColumns} from turns
  where tenant_id = $1 and thread_id = $2 and seq > $3 order by seq limit $4`;

/**
 * One transaction: lock the thread row (so concurrent appends to one thread queue up and `seq`
 * has no gaps), insert the turn with `turn_count + 1`, move the thread. A repeated idempotency
 * key inserts nothing and returns the first turn. Retried whole on a transient failure; with an
 * idempotency key even a failure while committing is retried, since the key makes it harmless.
 */
export async function appendTurn(context: StoreContext, input: AppendTurnInput): Promise<AppendTurnResult> {
  const now = context.now();
  const thread = { recordType: 'thread', recordId: input.threadId };
  const run = async (client: Queryable): Promise<AppendTurnResult> => {
    const locked = await client.query<{ turn_count: number }>(
      'select turn_count from threads where tenant_id = $1 and id = $2 for update',
      [input.tenantId, input.threadId],
    );
    const threadRow = locked.rows[0];
    if (threadRow === undefined) throw new RecordNotFoundError(thread);
    const inserted = await client.query<TurnRow>(
      `insert into turns (tenant_id, thread_id, seq, role, content, tool_name, model, files, idempotency_key,
         created_at, metadata)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       on conflict (tenant_id, thread_id, idempotency_key) do nothing
       returning ${turnColumns}`,
      [
        input.tenantId,
        input.threadId,
        threadRow.turn_count + 1,
        input.role,
        input.content,
        input.toolName ?? null,
        input.model ?? null,
        JSON.stringify(input.files ?? []),
        input.idempotencyKey ?? null,
        now,
        input.metadata ?? {},
      ],
    );
    const turn = inserted.rows[0];
    if (turn === undefined) {
      const existing = await client.query<TurnRow>(
        `select ${turnColumns} from turns where tenant_id = $1 and thread_id = $2 and idempotency_key = $3`,
        [input.tenantId, input.threadId, input.idempotencyKey],
      );
      return { turn: mapTurnRow(existing.rows[0]!), created: false };
    }
    await client.query(
      `update threads set turn_count = $3, updated_at = $4, expires_at = coalesce($5, expires_at)
       where tenant_id = $1 and id = $2`,
      [input.tenantId, input.threadId, turn.seq, now, input.expiresAt ?? null],
    );
    return { turn: mapTurnRow(turn), created: true };
  };
  try {
    return await context.executor.transaction(run, { idempotent: input.idempotencyKey !== undefined });
  } catch (error) {
    throw mapConstraintError(error, { parent: thread });
  }
}

export async function listTurns(
  context: StoreContext,
  tenantId: TenantId,
  threadId: string,
  { afterSeq = 0, limit }: ListTurnsOptions = {},
): Promise<TurnRecord[]> {
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 0)) {
    throw new InvalidArgumentError({
      argument: 'limit',
      message: `A turn limit must be a whole number ≥ 0, not ${limit}.`,
    });
  }
  const result = await context.executor.query<TurnRow>(
    listTurnsSql,
    [tenantId, threadId, afterSeq, limit ?? null],
    {
      idempotent: true,
    },
  );
  return result.rows.map(mapTurnRow);
}
