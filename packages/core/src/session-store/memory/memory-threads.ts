import { RecordExistsError } from '../../errors/record-exists-error.js';
import type { SessionStoreV1, ThreadRecord } from '../v1/index.js';
import { newestFirst, paginate } from './memory-cursor.js';
import {
  assertOpen,
  copy,
  currentTime,
  isExpired,
  requireTenant,
  type MemoryThread,
} from './memory-store-state.js';
import type { MemoryStoreState } from './memory-store-state.js';
import { createRecordId } from '../create-record-id.js';

type ThreadOperations = Pick<SessionStoreV1, 'createThread' | 'getThread' | 'listThreads' | 'deleteThread'>;

function matches(thread: MemoryThread, needle: string): boolean {
  if (thread.record.title?.toLowerCase().includes(needle)) return true;
  for (const turn of thread.turns.values()) {
    if (turn.content.toLowerCase().includes(needle)) return true;
  }
  return false;
}

export function createMemoryThreadOperations(state: MemoryStoreState): ThreadOperations {
  return {
    async createThread(input) {
      assertOpen(state);
      const tenantId = input.tenantId;
      const now = currentTime(state);
      const record: ThreadRecord = {
        tenantId,
        id: input.id ?? createRecordId(),
        title: input.title,
        createdAt: now,
        updatedAt: new Date(now.getTime()),
        expiresAt: input.expiresAt,
        turnCount: 0,
        metadata: input.metadata ?? {},
      };
      const tenant = requireTenant(state, tenantId);
      if (tenant.threads.has(record.id)) {
        throw new RecordExistsError({ recordType: 'thread', recordId: record.id });
      }
      state.beforeWrite('thread');
      tenant.threads.set(record.id, {
        record,
        turns: new Map(),
        turnsByIdempotencyKey: new Map(),
        workflowState: undefined,
      });
      return copy(record);
    },

    async getThread(tenantId, threadId) {
      assertOpen(state);
      const tenant = state.tenants.get(tenantId);
      const thread = tenant?.threads.get(threadId);
      return thread === undefined ? undefined : copy(thread.record);
    },

    async listThreads(tenantId, options = {}) {
      assertOpen(state);
      const tenant = state.tenants.get(tenantId);
      const needle = options.search?.toLowerCase();
      const now = currentTime(state);
      const threads = [...(tenant?.threads.values() ?? [])].filter(
        (thread) =>
          (options.includeExpired === true || !isExpired(thread.record.expiresAt, now)) &&
          (needle === undefined || matches(thread, needle)),
      );
      const page = paginate(
        threads,
        options,
        (thread) => [thread.record.updatedAt.getTime(), thread.record.id],
        newestFirst,
      );
      return { items: page.items.map((thread) => copy(thread.record)), nextCursor: page.nextCursor };
    },

    async deleteThread(tenantId, threadId) {
      assertOpen(state);
      const tenant = state.tenants.get(tenantId);
      return tenant?.threads.delete(threadId) ?? false;
    },
  };
}
