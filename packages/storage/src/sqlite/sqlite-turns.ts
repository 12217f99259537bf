import {
  RecordNotFoundError,
  type AppendTurnInput,
  type AppendTurnResult,
  type ListTurnsOptions,
  type TurnRecord,
  type TurnRole,
} from '@exai/core';

import { orNull, parseJson, toJson, toMs, toOptionalMs, type SqliteContext } from './sqlite-values.js';

export interface TurnRow {
  tenant_id: string;
  thread_id: string;
  seq: number;
  role: string;
  content: string;
  tool_name: string | null;
  model: string | null;
  files: string;
  idempotency_key: string | null;
  created_at: number;
  metadata: string;
}

export const selectTurnsSql = 'SELECT * FROM turns ORDER BY tenant_id, thread_id, seq';

export function toTurnRecord(row: TurnRow): TurnRecord {
  return {
    tenantId: row.tenant_id,
    threadId: row.thread_id,
    seq: row.seq,
    role: row.role as TurnRole,
    content: row.content,
    toolName: row.tool_name ?? undefined,
    model: row.model ?? undefined,
    files: parseJson(row.files),
    idempotencyKey: row.idempotency_key ?? undefined,
    createdAt: new Date(row.created_at),
    metadata: parseJson(row.metadata),
  };
}

export function createTurnQueries({ db, now }: SqliteContext) {
  const maxSeq = db
    .prepare<[{ tenantId: string; threadId: string }], number>(
      `SELECT max(turn_count,
                  (SELECT coalesce(max(seq), 0) FROM turns WHERE tenant_id = @tenantId AND thread_id = @threadId))
       FROM threads WHERE tenant_id = @tenantId AND id = @threadId`,
    )
    .pluck();
  const insertSql = `INSERT INTO turns (tenant_id, thread_id, seq, role, content, tool_name, model, files,
                                        idempotency_key, created_at, metadata)
     VALUES (@tenant_id, @thread_id, @seq, @role, @content, @tool_name, @model, @files, @idempotency_key,
             @created_at, @metadata)`;
  const insert = db.prepare<[TurnRow]>(
    `${insertSql} ON CONFLICT (tenant_id, thread_id, idempotency_key) DO NOTHING`,
  );
  const insertIgnoring = db.prepare<[TurnRow]>(`${insertSql} ON CONFLICT DO NOTHING`);
  const byKey = db.prepare<[string, string, string], TurnRow>(
    'SELECT * FROM turns WHERE tenant_id = ? AND thread_id = ? AND idempotency_key = ?',
  );
  const touchThread = db.prepare<
    [{ seq: number; updatedAt: number; expiresAt: number | null; tenantId: string; threadId: string }]
  >(
    `UPDATE threads SET turn_count = @seq, updated_at = @updatedAt, expires_at = coalesce(@expiresAt, expires_at)
     WHERE tenant_id = @tenantId AND id = @threadId`,
  );
  const list = db.prepare<[string, string, number, number], TurnRow>(
    'SELECT * FROM turns WHERE tenant_id = ? AND thread_id = ? AND seq > ? ORDER BY seq LIMIT ?',
  );

  const toRow = (record: TurnRecord): TurnRow => ({
    tenant_id: record.tenantId,
    thread_id: record.threadId,
    seq: record.seq,
    role: record.role,
    content: record.content,
    tool_name: orNull(record.toolName),
    model: orNull(record.model),
    files: toJson(record.files, []),
    idempotency_key: orNull(record.idempotencyKey),
    created_at: toMs(record.createdAt, 'createdAt'),
    metadata: toJson(record.metadata, {}),
  });

  return {
    append: db.transaction((input: AppendTurnInput): AppendTurnResult => {
      const tenantId = input.tenantId;
      const threadId = input.threadId;
      const turn: TurnRecord = {
        tenantId,
        threadId,
        seq: 0,
        role: input.role,
        content: input.content,
        toolName: input.toolName,
        model: input.model,
        files: input.files ?? [],
        idempotencyKey: input.idempotencyKey,
        createdAt: now(),
        metadata: input.metadata ?? {},
      };
      const expiresAt = input.expiresAt;
      const lastSeq = maxSeq.get({ tenantId, threadId });
      if (lastSeq === undefined) throw new RecordNotFoundError({ recordType: 'thread', recordId: threadId });
      turn.seq = lastSeq + 1;
      if (insert.run(toRow(turn)).changes === 0) {
        // Only the idempotency key can conflict: the key was used on this thread before.
        const first = byKey.get(tenantId, threadId, turn.idempotencyKey ?? '');
        if (first === undefined)
          throw new Error(`Turn ${turn.seq} of thread ${turn.threadId} was not stored.`);
        return { turn: toTurnRecord(first), created: false };
      }
      touchThread.run({
        seq: turn.seq,
        updatedAt: turn.createdAt.getTime(),
        expiresAt: toOptionalMs(expiresAt),
        tenantId,
        threadId,
      });
      return { turn, created: true };
    }).immediate,
    list(tenantId: string, threadId: string, options: ListTurnsOptions = {}): TurnRecord[] {
      const afterSeq = options.afterSeq ?? 0;
      const limit = options.limit === undefined ? -1 : options.limit;
      return list.all(tenantId, threadId, afterSeq, limit).map(toTurnRecord);
    },
    /** Inserts unless the key or idempotency key exists; returns whether it did. */
    insertRecord: (record: TurnRecord): boolean => insertIgnoring.run(toRow(record)).changes > 0,
  };
}
