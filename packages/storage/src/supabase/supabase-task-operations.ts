import type {
  SessionStoreTasksV1,
  StreamEventRecord,
  StreamReplay,
  TaskRecord,
  UpdateTaskResult,
} from '@exai/core';
import { isoDate } from './supabase-arguments.js';
import { decodeCursor, encodeCursor } from './supabase-cursor.js';
import { reviveOptionalRecord, reviveRecord, reviveRecords } from './supabase-records.js';
import type { CallRpc } from './supabase-rpc.js';
import type { RpcPage } from './supabase-thread-operations.js';

/** Tasks and stream events, through migration 4's RPC functions. */
export function createSupabaseTaskOperations(rpc: CallRpc): SessionStoreTasksV1 {
  return {
    async createTask(input) {
      const row = await rpc(
        'exai_create_task',
        {
          p_tenant_id: input.tenantId,
          p_id: input.id,
          p_request: input.request,
          p_ttl_ms: input.ttlInMs,
          p_poll_interval_ms: input.pollIntervalInMs,
          p_status_message: input.statusMessage,
        },
        {
          exists: { recordType: 'task', recordId: input.id ?? '?' },
          missing: { recordType: 'tenant', recordId: input.tenantId },
        },
      );
      return reviveRecord<TaskRecord>(row);
    },
    async getTask(tenantId, taskId) {
      return reviveOptionalRecord<TaskRecord>(
        await rpc('exai_get_task', { p_tenant_id: tenantId, p_task_id: taskId }),
      );
    },
    async updateTask(input) {
      const answer = await rpc<{ task: unknown; updated: boolean }>('exai_update_task', {
        p_tenant_id: input.tenantId,
        p_id: input.id,
        p_status: input.status,
        p_status_message: input.statusMessage,
        p_result: input.result,
      });
      return {
        task: reviveRecord<TaskRecord>(answer.task),
        updated: answer.updated,
      } satisfies UpdateTaskResult;
    },
    async listTasks(tenantId, { limit, cursor } = {}) {
      const after = decodeCursor('tasks', cursor);
      const page = await rpc<RpcPage>('exai_list_tasks', {
        p_tenant_id: tenantId,
        p_limit: limit,
        p_after_created_at: after?.[0],
        p_after_id: after?.[1],
      });
      return { items: reviveRecords<TaskRecord>(page.items), nextCursor: encodeCursor('tasks', page.next) };
    },
    async appendStreamEvent(input) {
      const row = await rpc(
        'exai_append_stream_event',
        {
          p_tenant_id: input.tenantId,
          p_stream_id: input.streamId,
          p_event_id: input.eventId,
          p_message: input.message,
          p_expires_at: isoDate(input.expiresAt),
          p_max_events: input.maxEventsPerStream,
        },
        {
          exists: { recordType: 'stream-event', recordId: input.eventId ?? '?' },
          missing: { recordType: 'tenant', recordId: input.tenantId },
        },
      );
      return reviveRecord<StreamEventRecord>(row);
    },
    async replayStreamEvents(tenantId, afterEventId) {
      const replay = await rpc<{ streamId: string; events: unknown } | null>('exai_replay_stream_events', {
        p_tenant_id: tenantId,
        p_after_event_id: afterEventId,
      });
      if (replay === null || replay === undefined) return undefined;
      return {
        streamId: replay.streamId,
        events: reviveRecords<StreamEventRecord>(replay.events),
      } satisfies StreamReplay;
    },
  };
}
