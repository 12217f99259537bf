import type {
  AppendTurnResult,
  SessionStoreV1,
  ThreadRecord,
  TurnRecord,
  WorkflowStateRecord,
} from '@exai/core';
import { isoDate } from './supabase-arguments.js';
import { decodeCursor, encodeCursor } from './supabase-cursor.js';
import { reviveOptionalRecord, reviveRecord, reviveRecords } from './supabase-records.js';
import type { CallRpc } from './supabase-rpc.js';

type ThreadOperations = Pick<
  SessionStoreV1,
  | 'createThread'
  | 'getThread'
  | 'listThreads'
  | 'deleteThread'
  | 'appendTurn'
  | 'listTurns'
  | 'getWorkflowState'
  | 'putWorkflowState'
>;

/** A page as the list functions return it: items, and the keyset of the last one when more follow. */
export interface RpcPage {
  items: unknown[];
  next: unknown;
}

export function createSupabaseThreadOperations(rpc: CallRpc): ThreadOperations {
  return {
    async createThread({ tenantId, id, title, expiresAt, metadata }) {
      const row = await rpc(
        'exai_create_thread',
        {
          p_tenant_id: tenantId,
          p_id: id,
          p_title: title,
          p_expires_at: isoDate(expiresAt),
          p_metadata: metadata,
        },
        { missing: { recordType: 'tenant', recordId: tenantId } },
      );
      return reviveRecord<ThreadRecord>(row);
    },
    async getThread(tenantId, threadId) {
      const row = await rpc('exai_get_thread', { p_tenant_id: tenantId, p_thread_id: threadId });
      return reviveOptionalRecord<ThreadRecord>(row);
    },
    async listThreads(tenantId, { limit, cursor, search, includeExpired } = {}) {
      const after = decodeCursor('threads', cursor);
      const page = await rpc<RpcPage>('exai_list_threads', {
        p_tenant_id: tenantId,
        p_limit: limit,
        p_search: search,
        p_include_expired: includeExpired,
        p_after_time: after?.[0],
        p_after_id: after?.[1],
      });
      return {
        items: reviveRecords<ThreadRecord>(page.items),
        nextCursor: encodeCursor('threads', page.next),
      };
    },
    async deleteThread(tenantId, threadId) {
      return rpc<boolean>('exai_delete_thread', { p_tenant_id: tenantId, p_thread_id: threadId });
    },
    async appendTurn(input) {
      const result = await rpc<{ turn: unknown; created: boolean }>(
        'exai_append_turn',
        {
          p_tenant_id: input.tenantId,
          p_thread_id: input.threadId,
          p_role: input.role,
          p_content: input.content,
          p_tool_name: input.toolName,
          p_model: input.model,
          p_files: input.files,
          p_idempotency_key: input.idempotencyKey,
          p_metadata: input.metadata,
          p_expires_at: isoDate(input.expiresAt),
        },
        { missing: { recordType: 'thread', recordId: input.threadId } },
      );
      return {
        turn: reviveRecord<TurnRecord>(result.turn),
        created: result.created,
      } satisfies AppendTurnResult;
    },
    async listTurns(tenantId, threadId, { afterSeq, limit } = {}) {
      const rows = await rpc('exai_list_turns', {
        p_tenant_id: tenantId,
        p_thread_id: threadId,
        p_after_seq: afterSeq,
        p_limit: limit,
      });
      return reviveRecords<TurnRecord>(rows);
    },
    async getWorkflowState(tenantId, threadId) {
      const row = await rpc('exai_get_workflow_state', { p_tenant_id: tenantId, p_thread_id: threadId });
      return reviveOptionalRecord<WorkflowStateRecord>(row);
    },
    async putWorkflowState(tenantId, threadId, state) {
      const row = await rpc(
        'exai_put_workflow_state',
        { p_tenant_id: tenantId, p_thread_id: threadId, p_state: state },
        { missing: { recordType: 'thread', recordId: threadId } },
      );
      return reviveRecord<WorkflowStateRecord>(row);
    },
  };
}
