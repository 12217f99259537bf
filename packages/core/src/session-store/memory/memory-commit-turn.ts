import { RecordExistsError } from '../../errors/record-exists-error.js';
import { commitTurnKeys } from '../commit-turn-keys.js';
import type {
  AuditEventRecord,
  CommitTurnInput,
  CommitTurnResult,
  ThreadRecord,
  TurnRecord,
  UsageRecord,
} from '../v1/index.js';
import {
  assertOpen,
  copy,
  currentTime,
  findThread,
  requireTenant,
  requireThread,
  type MemoryStoreState,
  type MemoryThread,
} from './memory-store-state.js';
import { createRecordId } from '../create-record-id.js';

/**
 * `commitTurn` in memory. Every check comes before the first write, and no `await` falls between
 * reads and writes, so concurrent commits cannot interleave. Each write first calls the store's
 * `beforeWrite` hook; when one throws, the writes made so far are undone in reverse order.
 */
export function createMemoryCommitTurn(
  state: MemoryStoreState,
): (input: CommitTurnInput) => Promise<CommitTurnResult> {
  return async function commitTurn(input) {
    assertOpen(state);
    const { tenantId, thread: target, idempotencyKey, expiresAt } = input;
    const tenant = requireTenant(state, tenantId);
    const existing = findThread(state, tenantId, target.id);
    const keys = commitTurnKeys(idempotencyKey);
    if (existing !== undefined) {
      const first = keys.map((key) => existing.turnsByIdempotencyKey.get(key));
      if (first[0] !== undefined && first[1] !== undefined) {
        return { thread: copy(existing.record), turns: [copy(first[0]), copy(first[1])], created: false };
      }
      if (first[0] !== undefined || first[1] !== undefined) {
        throw new RecordExistsError({ recordType: 'turn', recordId: `${target.id}: ${idempotencyKey}` });
      }
    } else if (target.create === undefined) {
      requireThread(state, tenantId, target.id);
    }
    const now = currentTime(state);
    const usageId = input.usage && (input.usage.id ?? createRecordId());
    const auditId = input.audit && (input.audit.id ?? createRecordId());
    if (usageId !== undefined && tenant.usage.has(usageId)) {
      throw new RecordExistsError({ recordType: 'usage', recordId: usageId });
    }
    if (auditId !== undefined && tenant.audit.has(auditId)) {
      throw new RecordExistsError({ recordType: 'audit', recordId: auditId });
    }

    const undo: (() => void)[] = [];
    try {
      let thread: MemoryThread;
      if (existing === undefined) {
        state.beforeWrite('thread');
        const record: ThreadRecord = {
          tenantId,
          id: target.id,
          title: target.create?.title,
          createdAt: now,
          updatedAt: new Date(now.getTime()),
          expiresAt,
          turnCount: 0,
          metadata: target.create?.metadata ?? {},
        };
        thread = { record, turns: new Map(), turnsByIdempotencyKey: new Map(), workflowState: undefined };
        tenant.threads.set(target.id, thread);
        undo.push(() => tenant.threads.delete(target.id));
      } else {
        thread = existing;
        const before = { ...existing.record };
        undo.push(() => Object.assign(existing.record, before));
      }

      const firstSeq = Math.max(thread.record.turnCount, 0, ...thread.turns.keys()) + 1;
      const turns = input.turns.map((message, index): TurnRecord => {
        state.beforeWrite('turn');
        const turn: TurnRecord = {
          tenantId,
          threadId: target.id,
          seq: firstSeq + index,
          role: message.role,
          content: message.content,
          toolName: message.toolName,
          model: message.model,
          files: message.files ?? [],
          idempotencyKey: keys[index],
          createdAt: new Date(now.getTime()),
          metadata: message.metadata ?? {},
        };
        thread.turns.set(turn.seq, turn);
        thread.turnsByIdempotencyKey.set(keys[index]!, turn);
        undo.push(() => {
          thread.turns.delete(turn.seq);
          thread.turnsByIdempotencyKey.delete(keys[index]!);
        });
        return turn;
      }) as [TurnRecord, TurnRecord];
      thread.record.turnCount = firstSeq + 1;
      thread.record.updatedAt = new Date(now.getTime());
      if (expiresAt !== undefined) thread.record.expiresAt = expiresAt;

      if (input.usage !== undefined && usageId !== undefined) {
        state.beforeWrite('usage');
        const record: UsageRecord = {
          ...input.usage,
          tenantId,
          id: usageId,
          threadId: target.id,
          costInUsd: input.usage.costInUsd,
          errorCode: input.usage.errorCode,
          createdAt: input.usage.createdAt ?? new Date(now.getTime()),
        };
        tenant.usage.set(usageId, record);
        undo.push(() => tenant.usage.delete(usageId));
      }
      if (input.audit !== undefined && auditId !== undefined) {
        state.beforeWrite('audit');
        const record: AuditEventRecord = {
          tenantId,
          id: auditId,
          at: input.audit.at ?? new Date(now.getTime()),
          actor: input.audit.actor,
          action: input.audit.action,
          target: input.audit.target,
          detail: input.audit.detail ?? {},
        };
        tenant.audit.set(auditId, record);
        undo.push(() => tenant.audit.delete(auditId));
      }
      return { thread: copy(thread.record), turns: [copy(turns[0]), copy(turns[1])], created: true };
    } catch (error) {
      for (const step of undo.reverse()) step();
      throw error;
    }
  };
}
