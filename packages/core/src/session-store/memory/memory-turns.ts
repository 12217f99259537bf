import type { SessionStoreV1, TurnRecord, WorkflowStateRecord } from '../v1/index.js';
import { assertOpen, copy, currentTime, findThread, requireThread } from './memory-store-state.js';
import type { MemoryStoreState } from './memory-store-state.js';

type TurnOperations = Pick<
  SessionStoreV1,
  'appendTurn' | 'listTurns' | 'getWorkflowState' | 'putWorkflowState'
>;

export function createMemoryTurnOperations(state: MemoryStoreState): TurnOperations {
  return {
    // No `await` between reading the thread and writing the turn: the append is atomic.
    async appendTurn(input) {
      assertOpen(state);
      const tenantId = input.tenantId;
      const threadId = input.threadId;
      const role = input.role;
      const content = input.content;
      const toolName = input.toolName;
      const model = input.model;
      const files = input.files ?? [];
      const idempotencyKey = input.idempotencyKey;
      const metadata = input.metadata ?? {};
      const expiresAt = input.expiresAt;

      const thread = requireThread(state, tenantId, threadId);
      const seen =
        idempotencyKey === undefined ? undefined : thread.turnsByIdempotencyKey.get(idempotencyKey);
      if (seen !== undefined) return { turn: copy(seen), created: false };

      state.beforeWrite('turn');
      const createdAt = currentTime(state);
      // The next seq follows both turnCount and the highest stored seq: a restore may leave either ahead.
      const seq = Math.max(thread.record.turnCount, ...thread.turns.keys()) + 1;
      const turn: TurnRecord = {
        tenantId,
        threadId,
        seq,
        role,
        content,
        toolName,
        model,
        files,
        idempotencyKey,
        createdAt,
        metadata,
      };
      thread.turns.set(seq, turn);
      if (idempotencyKey !== undefined) thread.turnsByIdempotencyKey.set(idempotencyKey, turn);
      thread.record.turnCount = seq;
      thread.record.updatedAt = new Date(createdAt.getTime());
      if (expiresAt !== undefined) thread.record.expiresAt = expiresAt;
      return { turn: copy(turn), created: true };
    },

    async listTurns(tenantId, threadId, options = {}) {
      assertOpen(state);
      const thread = findThread(state, tenantId, threadId);
      const afterSeq = options.afterSeq ?? 0;
      const limit = options.limit;
      const turns = [...(thread?.turns.values() ?? [])]
        .filter((turn) => turn.seq > afterSeq)
        .sort((a, b) => a.seq - b.seq);
      return turns.slice(0, limit).map((turn) => copy(turn));
    },

    async getWorkflowState(tenantId, threadId) {
      assertOpen(state);
      const thread = findThread(state, tenantId, threadId);
      return thread?.workflowState === undefined ? undefined : copy(thread.workflowState);
    },

    async putWorkflowState(tenantId, threadId, workflowState) {
      assertOpen(state);
      const record: WorkflowStateRecord = {
        tenantId,
        threadId,
        state: workflowState,
        updatedAt: currentTime(state),
      };
      requireThread(state, tenantId, threadId).workflowState = record;
      return copy(record);
    },
  };
}
