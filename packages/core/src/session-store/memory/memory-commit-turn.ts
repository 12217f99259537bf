import { RecordExistsError } from '../../errors/record-exists-error.js';
import { commitTurnKeys, commitTurnUsages } from '../commit-turn-keys.js';
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
    const keys = commitTurnKeys(idempotencyKey, input.turns.length);
    if (existing !== undefined) {
      const first = keys.map((key) => existing.turnsByIdempotencyKey.get(key));
      if (first.every((turn) => turn !== undefined)) {
        return {
          thread: copy(existing.record),
          turns: first.map(copy) as CommitTurnResult['turns'],
          created: false,
        };
      }
      if (first.some((turn) => turn !== undefined)) {
        throw new RecordExistsError({ recordType: 'turn', recordId: `${target.id}: ${idempotencyKey}` });
      }
    } else if (target.create === undefined) {
      requireThread(state, tenantId, target.id);
    }
    const now = currentTime(state);
    const usages = commitTurnUsages(input).map((usage) => ({ usage, id: usage.id ?? createRecordId() }));
    const auditId = input.audit && (input.audit.id ?? createRecordId());
    const usageIds = new Set<string>();
    for (const { id } of usages) {
      if (tenant.usage.has(id) || usageIds.has(id))
        throw new RecordExistsError({ recordType: 'usage', recordId: id });
      usageIds.add(id);
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
      });
      thread.record.turnCount = firstSeq + turns.length - 1;
      thread.record.updatedAt = new Date(now.getTime());
      if (expiresAt !== undefined) thread.record.expiresAt = expiresAt;

      for (const { usage, id } of usages) {
        state.beforeWrite('usage');
        const record: UsageRecord = {
          ...usage,
          tenantId,
          id,
          threadId: target.id,
          costInUsd: usage.costInUsd,
          errorCode: usage.errorCode,
          createdAt: usage.createdAt ?? new Date(now.getTime()),
        };
        tenant.usage.set(id, record);
        undo.push(() => tenant.usage.delete(id));
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
      return {
        thread: copy(thread.record),
        turns: turns.map(copy) as CommitTurnResult['turns'],
        created: true,
      };
    } catch (error) {
      for (const step of undo.reverse()) step();
      throw error;
    }
  };
}
