import { RecordExistsError } from '../../errors/record-exists-error.js';
import { RecordNotFoundError } from '../../errors/record-not-found-error.js';
import type { SessionStoreTasksV1, StreamEventRecord, TaskRecord } from '../v1/session-store-tasks.js';
import { terminalTaskStatuses } from '../v1/session-store-tasks.js';
import { newestFirst, paginate } from './memory-cursor.js';
import { assertOpen, copy, currentTime, requireTenant } from './memory-store-state.js';
import type { MemoryStoreState } from './memory-store-state.js';
import { createRecordId } from '../create-record-id.js';

/** Tasks and stream events, held per tenant (see `SessionStoreTasksV1`). */
export function createMemoryTaskOperations(state: MemoryStoreState): SessionStoreTasksV1 {
  return {
    async createTask(input) {
      assertOpen(state);
      const tenant = requireTenant(state, input.tenantId);
      const id = input.id ?? createRecordId();
      if (tenant.tasks.has(id)) throw new RecordExistsError({ recordType: 'task', recordId: id });
      const createdAt = currentTime(state);
      const record: TaskRecord = {
        tenantId: input.tenantId,
        id,
        status: 'working',
        statusMessage: input.statusMessage,
        request: input.request,
        result: undefined,
        ttlInMs: input.ttlInMs,
        pollIntervalInMs: input.pollIntervalInMs,
        createdAt,
        updatedAt: createdAt,
        expiresAt: input.ttlInMs === undefined ? undefined : new Date(createdAt.getTime() + input.ttlInMs),
      };
      tenant.tasks.set(id, record);
      return copy(record);
    },

    async getTask(tenantId, taskId) {
      assertOpen(state);
      const record = state.tenants.get(tenantId)?.tasks.get(taskId);
      return record === undefined ? undefined : copy(record);
    },

    async updateTask(input) {
      assertOpen(state);
      const record = state.tenants.get(input.tenantId)?.tasks.get(input.id);
      if (record === undefined) {
        throw new RecordNotFoundError({
          recordType: 'task',
          recordId: input.id,
          message: `No task "${input.id}" exists in tenant "${input.tenantId}" (it may have expired).`,
        });
      }
      if (terminalTaskStatuses.includes(record.status)) return { task: copy(record), updated: false };
      record.status = input.status;
      if (input.statusMessage !== undefined) record.statusMessage = input.statusMessage;
      if (input.result !== undefined) record.result = input.result;
      record.updatedAt = currentTime(state);
      return { task: copy(record), updated: true };
    },

    async listTasks(tenantId, options) {
      assertOpen(state);
      const tasks = [...(state.tenants.get(tenantId)?.tasks.values() ?? [])];
      const page = paginate(tasks, options, (task) => [task.createdAt.getTime(), task.id], newestFirst);
      return { items: page.items.map((task) => copy(task)), nextCursor: page.nextCursor };
    },

    async appendStreamEvent(input) {
      assertOpen(state);
      const tenant = requireTenant(state, input.tenantId);
      const eventId = input.eventId ?? createRecordId();
      if (tenant.streamEvents.has(eventId)) {
        throw new RecordExistsError({ recordType: 'stream-event', recordId: eventId });
      }
      const record: StreamEventRecord = {
        tenantId: input.tenantId,
        streamId: input.streamId,
        eventId,
        message: input.message,
        createdAt: currentTime(state),
        expiresAt: input.expiresAt,
      };
      const events = tenant.streams.get(input.streamId) ?? [];
      events.push(record);
      tenant.streams.set(input.streamId, events);
      tenant.streamEvents.set(record.eventId, record);
      const excess = events.length - (input.maxEventsPerStream ?? Infinity);
      if (excess > 0) {
        for (const dropped of events.splice(0, excess)) tenant.streamEvents.delete(dropped.eventId);
      }
      return copy(record);
    },

    async replayStreamEvents(tenantId, afterEventId) {
      assertOpen(state);
      const tenant = state.tenants.get(tenantId);
      const after = tenant?.streamEvents.get(afterEventId);
      if (tenant === undefined || after === undefined) return undefined;
      const events = tenant.streams.get(after.streamId) ?? [];
      const index = events.indexOf(after);
      return { streamId: after.streamId, events: events.slice(index + 1).map((event) => copy(event)) };
    },
  };
}
