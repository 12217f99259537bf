import {
  RecordExistsError,
  RecordNotFoundError,
  type CommitTurnInput,
  type CommitTurnResult,
  type ThreadRecord,
  type TurnRecord,
} from '@exai/core';
import { commitTurnKeys, commitTurnUsages, createRecordId } from '@exai/core/internal';

import type { SqliteQueries } from './sqlite-queries.js';
import { toThreadRecord, type ThreadRow } from './sqlite-threads.js';
import { toTurnRecord, type TurnRow } from './sqlite-turns.js';
import { toOptionalMs, type SqliteContext } from './sqlite-values.js';

type Parts = Pick<SqliteQueries, 'tenants' | 'threads' | 'turns' | 'usage' | 'audit'>;

/**
 * `commitTurn` as one IMMEDIATE transaction: it takes the database's write lock first, so commits
 * from other connections or processes wait, and each sees the one before it. Every part goes
 * through the same inserts as a restore; a failure anywhere rolls all of them back.
 */
export function createSqliteCommitTurn({ db, now }: SqliteContext, parts: Parts) {
  const getThread = db.prepare<[string, string], ThreadRow>(
    'SELECT * FROM threads WHERE tenant_id = ? AND id = ?',
  );
  const lastSeq = db
    .prepare<[string, string], number>(
      'SELECT coalesce(max(seq), 0) FROM turns WHERE tenant_id = ? AND thread_id = ?',
    )
    .pluck();
  const byKey = db.prepare<[string, string, string], TurnRow>(
    'SELECT * FROM turns WHERE tenant_id = ? AND thread_id = ? AND idempotency_key = ?',
  );
  const moveThread = db.prepare<
    [{ turnCount: number; updatedAt: number; expiresAt: number | null; tenantId: string; threadId: string }]
  >(
    `UPDATE threads SET turn_count = @turnCount, updated_at = @updatedAt, expires_at = coalesce(@expiresAt, expires_at)
     WHERE tenant_id = @tenantId AND id = @threadId`,
  );

  return db.transaction((input: CommitTurnInput): CommitTurnResult => {
    const { tenantId, thread: target, expiresAt } = input;
    const keys = commitTurnKeys(input.idempotencyKey, input.turns.length);
    if (!parts.tenants.exists(tenantId))
      throw new RecordNotFoundError({ recordType: 'tenant', recordId: tenantId });
    const at = now();
    const row = getThread.get(tenantId, target.id);
    let firstSeq: number;
    if (row === undefined) {
      if (target.create === undefined)
        throw new RecordNotFoundError({ recordType: 'thread', recordId: target.id });
      // A new thread is written once, already counting its turns: no UPDATE of it (and of its
      // time and expiry indexes) after them.
      firstSeq = 1;
      const created: ThreadRecord = {
        tenantId,
        id: target.id,
        title: target.create.title,
        createdAt: at,
        updatedAt: at,
        expiresAt,
        turnCount: input.turns.length,
        metadata: target.create.metadata ?? {},
      };
      parts.threads.insertRecord(created);
    } else {
      const first = keys.map((key) => byKey.get(tenantId, target.id, key));
      if (first.every((turn) => turn !== undefined)) {
        return {
          thread: toThreadRecord(row),
          turns: first.map((turn) => toTurnRecord(turn!)) as CommitTurnResult['turns'],
          created: false,
        };
      }
      firstSeq = Math.max(row.turn_count, lastSeq.get(tenantId, target.id) ?? 0) + 1;
    }

    const turns = input.turns.map((message, index): TurnRecord => ({
      tenantId,
      threadId: target.id,
      seq: firstSeq + index,
      role: message.role,
      content: message.content,
      toolName: message.toolName,
      model: message.model,
      files: message.files ?? [],
      idempotencyKey: keys[index],
      createdAt: at,
      metadata: message.metadata ?? {},
    })) as CommitTurnResult['turns'];
    for (const turn of turns) {
      if (!parts.turns.insertRecord(turn)) {
        throw new RecordExistsError({ recordType: 'turn', recordId: `${target.id}: ${turn.idempotencyKey}` });
      }
    }
    if (row !== undefined) {
      moveThread.run({
        turnCount: firstSeq + turns.length - 1,
        updatedAt: at.getTime(),
        expiresAt: toOptionalMs(expiresAt),
        tenantId,
        threadId: target.id,
      });
    }
    for (const record of commitTurnUsages(input)) {
      const id = record.id ?? createRecordId();
      const usage = { ...record, tenantId, id, threadId: target.id, createdAt: record.createdAt ?? at };
      if (!parts.usage.insertRecord(usage as Parameters<Parts['usage']['insertRecord']>[0])) {
        throw new RecordExistsError({ recordType: 'usage', recordId: id });
      }
    }
    if (input.audit !== undefined) {
      const id = input.audit.id ?? createRecordId();
      const audit = {
        ...input.audit,
        tenantId,
        id,
        at: input.audit.at ?? at,
        detail: input.audit.detail ?? {},
      };
      if (!parts.audit.insertRecord(audit as Parameters<Parts['audit']['insertRecord']>[0])) {
        throw new RecordExistsError({ recordType: 'audit', recordId: id });
      }
    }
    return { thread: toThreadRecord(getThread.get(tenantId, target.id)!), turns, created: true };
  }).immediate;
}
