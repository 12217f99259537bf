import {
  RecordExistsError,
  RecordNotFoundError,
  type CommitTurnInput,
  type CommitTurnResult,
  type CommitTurnUsage,
} from '@exai/core';
import { commitTurnKeys, commitTurnUsages, createRecordId } from '@exai/core/internal';
import { sqlState } from '../executor/classify-postgres-error.js';
import type { Queryable } from '../executor/postgres-executor.js';
import type { StoreContext } from './store-context.js';
import { mapThreadRow, threadColumns, type ThreadRow } from './thread-row.js';
import { mapTurnRow, turnColumns, type TurnRow } from './turn-row.js';

const createThreadSql = `insert into threads (tenant_id, id, title, created_at, updated_at, expires_at, metadata)
  values ($1, $2, $3, $4, $4, $5, $6) on conflict (tenant_id, id) do nothing`;

/** Locks the thread row: commits and appends to one thread queue up here, whatever the connection. */
const lockThreadSql = `select ${threadColumns},
    (select coalesce(max(seq), 0) from turns where tenant_id = $1 and thread_id = $2) as max_seq
  from threads where tenant_id = $1 and id = $2 for update`;

const turnsByKeySql = `select ${turnColumns} from turns
  where tenant_id = $1 and thread_id = $2 and idempotency_key = any ($3::text[]) order by seq`;

/** The turns' fields after the shared ones ($1 tenant, $2 thread, $3 first seq, $4 created at). */
const fieldsPerTurn = 7;

/**
 * Inserts `count` turns in one statement, at seqs `$3`, `$3 + 1`, …: one statement whatever the
 * count, with a text cached per count (a chat turn is 2, a consensus round up to `maxCommitTurns`).
 */
const insertTurnsSql = (() => {
  const cache = new Map<number, string>();
  return (count: number): string => {
    let sql = cache.get(count);
    if (sql === undefined) {
      const rows = Array.from({ length: count }, (_, index) => {
        const at = 5 + index * fieldsPerTurn;
        const fields = Array.from({ length: fieldsPerTurn }, (_, field) => `$${at + field}`);
        return `($1, $2, $3 + ${index}, ${fields.slice(0, 6).join(', ')}, $4, ${fields[6]})`;
      });
      sql = `insert into turns (tenant_id, thread_id, seq, role, content, tool_name, model, files,
    idempotency_key, created_at, metadata)
  values ${rows.join(', ')}
  returning ${turnColumns}`;
      cache.set(count, sql);
    }
    return sql;
  };
})();

const moveThreadSql = `update threads set turn_count = $3, updated_at = $4, expires_at = coalesce($5, expires_at)
  where tenant_id = $1 and id = $2 returning ${threadColumns}`;

const insertUsageSql = `insert into usage_records (tenant_id, id, thread_id, model, input_tokens, output_tokens,
    cost_usd, latency_ms, status, error_code, created_at)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`;

const insertAuditSql = `insert into audit_events (tenant_id, id, at, actor, action, target, detail)
  values ($1, $2, $3, $4, $5, $6, $7)`;

/**
 * `commitTurn` in one transaction of plain statements (no session state, so a transaction-mode
 * pooler may hand each transaction to any server connection): create the thread if asked, lock
 * its row, return the first commit when the key's turns exist, else insert both turns, move the
 * thread, and insert the usage and audit rows. Any failure rolls the whole transaction back.
 * Retried on a transient failure: a repeat of a commit that did land finds its turns by the key.
 */
export async function commitTurn(context: StoreContext, input: CommitTurnInput): Promise<CommitTurnResult> {
  const { tenantId, thread: target } = input;
  const keys = commitTurnKeys(input.idempotencyKey, input.turns.length);
  const usages = commitTurnUsages(input).map((usage) => ({ usage, id: usage.id ?? createRecordId() }));
  const auditId = input.audit && (input.audit.id ?? createRecordId());
  try {
    return await context.executor.transaction(
      (client) => commitIn(client, { context, input, keys, usages, auditId }),
      { idempotent: true },
    );
  } catch (error) {
    throw mapCommitError(error, { tenantId, threadId: target.id, usages, auditId });
  }
}

interface CommitWork {
  context: StoreContext;
  input: CommitTurnInput;
  keys: string[];
  usages: readonly UsageToInsert[];
  auditId: string | undefined;
}

interface UsageToInsert {
  usage: CommitTurnUsage;
  id: string;
}

async function commitIn(
  client: Queryable,
  { context, input, keys, usages, auditId }: CommitWork,
): Promise<CommitTurnResult> {
  const { tenantId, thread: target, expiresAt } = input;
  const now = context.now();
  if (target.create !== undefined) {
    await client.query(createThreadSql, [
      tenantId,
      target.id,
      target.create.title ?? null,
      now,
      expiresAt ?? null,
      target.create.metadata ?? {},
    ]);
  }
  const locked = await client.query<ThreadRow & { max_seq: number }>(lockThreadSql, [tenantId, target.id]);
  const thread = locked.rows[0];
  if (thread === undefined) throw new RecordNotFoundError({ recordType: 'thread', recordId: target.id });

  const seen = await client.query<TurnRow>(turnsByKeySql, [tenantId, target.id, keys]);
  if (seen.rows.length === keys.length) {
    return {
      thread: mapThreadRow(thread),
      turns: seen.rows.map(mapTurnRow) as CommitTurnResult['turns'],
      created: false,
    };
  }

  const firstSeq = Math.max(thread.turn_count, thread.max_seq) + 1;
  const inserted = await client.query<TurnRow>(insertTurnsSql(input.turns.length), [
    tenantId,
    target.id,
    firstSeq,
    now,
    ...input.turns.flatMap((turn, index) => [
      turn.role,
      turn.content,
      turn.toolName ?? null,
      turn.model ?? null,
      JSON.stringify(turn.files ?? []),
      keys[index],
      turn.metadata ?? {},
    ]),
  ]);
  const moved = await client.query<ThreadRow>(moveThreadSql, [
    tenantId,
    target.id,
    firstSeq + input.turns.length - 1,
    now,
    expiresAt ?? null,
  ]);
  const { audit } = input;
  for (const { usage, id } of usages) {
    await client.query(insertUsageSql, [
      tenantId,
      id,
      target.id,
      usage.model,
      usage.inputTokens,
      usage.outputTokens,
      usage.costInUsd ?? null,
      usage.latencyInMs,
      usage.status,
      usage.errorCode ?? null,
      usage.createdAt ?? now,
    ]);
  }
  if (audit !== undefined) {
    await client.query(insertAuditSql, [
      tenantId,
      auditId,
      audit.at ?? now,
      audit.actor ?? null,
      audit.action,
      audit.target ?? null,
      audit.detail ?? {},
    ]);
  }
  const turns = inserted.rows.map(mapTurnRow).sort((a, b) => a.seq - b.seq) as CommitTurnResult['turns'];
  return { thread: mapThreadRow(moved.rows[0]!), turns, created: true };
}

/** A missing tenant (23503 on the new thread) or a taken usage, audit or turn key (23505). */
function mapCommitError(
  error: unknown,
  ids: { tenantId: string; threadId: string; usages: readonly UsageToInsert[]; auditId: string | undefined },
): unknown {
  const state = sqlState(error);
  const table = (error as { table?: string }).table;
  if (state === '23503') return new RecordNotFoundError({ recordType: 'tenant', recordId: ids.tenantId });
  if (state !== '23505') return error;
  if (table === 'usage_records') {
    // PostgreSQL names the key in the detail: `Key (tenant_id, id)=(t, <id>) already exists.`
    const detail = String((error as { detail?: unknown }).detail ?? '');
    const taken = ids.usages.find(({ id }) => detail.includes(`, ${id})`)) ?? ids.usages[0];
    return new RecordExistsError({ recordType: 'usage', recordId: taken?.id ?? '' });
  }
  if (table === 'audit_events') {
    return new RecordExistsError({ recordType: 'audit-event', recordId: ids.auditId ?? '' });
  }
  return new RecordExistsError({ recordType: 'turn', recordId: `${ids.threadId}: idempotency key` });
}
