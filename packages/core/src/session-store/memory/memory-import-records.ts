import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import { RecordExistsError } from '../../errors/record-exists-error.js';
import type { ImportResult, SessionStoreV1, StoreRecord } from '../v1/index.js';
import { addTenant, assertOpen, fileKey, requireTenant, requireThread } from './memory-store-state.js';
import type { MemoryStoreState } from './memory-store-state.js';
import { normalizeStoreRecord } from '../normalize-store-record.js';

type Outcome = 'imported' | 'skipped';

/** Writes one record unless its key exists; parents must have been written first. */
function importRecord(state: MemoryStoreState, entry: StoreRecord): Outcome {
  switch (entry.type) {
    case 'tenant': {
      if (state.tenants.has(entry.record.id)) return 'skipped';
      addTenant(state, entry.record);
      return 'imported';
    }
    case 'api-key': {
      const { record } = entry;
      if (state.apiKeys.has(record.id)) return 'skipped';
      requireTenant(state, record.tenantId);
      if (state.apiKeyIdsByHash.has(record.hash)) {
        throw new RecordExistsError({ recordType: 'api-key hash', recordId: record.hash });
      }
      state.apiKeys.set(record.id, record);
      state.apiKeyIdsByHash.set(record.hash, record.id);
      return 'imported';
    }
    case 'thread': {
      const tenant = requireTenant(state, entry.record.tenantId);
      if (tenant.threads.has(entry.record.id)) return 'skipped';
      const thread = { turns: new Map(), turnsByIdempotencyKey: new Map(), workflowState: undefined };
      tenant.threads.set(entry.record.id, { record: entry.record, ...thread });
      return 'imported';
    }
    case 'turn': {
      const { record } = entry;
      const thread = requireThread(state, record.tenantId, record.threadId);
      const key = record.idempotencyKey;
      if (thread.turns.has(record.seq) || (key !== undefined && thread.turnsByIdempotencyKey.has(key))) {
        return 'skipped';
      }
      thread.turns.set(record.seq, record);
      if (key !== undefined) thread.turnsByIdempotencyKey.set(key, record);
      return 'imported';
    }
    case 'workflow-state': {
      const thread = requireThread(state, entry.record.tenantId, entry.record.threadId);
      if (thread.workflowState !== undefined) return 'skipped';
      thread.workflowState = entry.record;
      return 'imported';
    }
    case 'file': {
      const tenant = requireTenant(state, entry.record.tenantId);
      const key = fileKey(entry.record.provider, entry.record.sha256);
      if (tenant.files.has(key)) return 'skipped';
      tenant.files.set(key, entry.record);
      return 'imported';
    }
    case 'usage': {
      const tenant = requireTenant(state, entry.record.tenantId);
      if (tenant.usage.has(entry.record.id)) return 'skipped';
      tenant.usage.set(entry.record.id, entry.record);
      return 'imported';
    }
    case 'audit': {
      const tenant = requireTenant(state, entry.record.tenantId);
      if (tenant.audit.has(entry.record.id)) return 'skipped';
      tenant.audit.set(entry.record.id, entry.record);
      return 'imported';
    }
    case 'task': {
      const tenant = requireTenant(state, entry.record.tenantId);
      if (tenant.tasks.has(entry.record.id)) return 'skipped';
      tenant.tasks.set(entry.record.id, entry.record);
      return 'imported';
    }
    case 'stream-event': {
      const { record } = entry;
      const tenant = requireTenant(state, record.tenantId);
      if (tenant.streamEvents.has(record.eventId)) return 'skipped';
      tenant.streamEvents.set(record.eventId, record);
      tenant.streams.set(record.streamId, [...(tenant.streams.get(record.streamId) ?? []), record]);
      return 'imported';
    }
  }
}

export function createMemoryImportRecords(state: MemoryStoreState): SessionStoreV1['importRecords'] {
  return async function importRecords(records) {
    assertOpen(state);
    if (records == null || (!(Symbol.asyncIterator in records) && !(Symbol.iterator in records))) {
      throw new InvalidArgumentError({
        argument: 'records',
        message: '`records` must be an iterable or async iterable of store records.',
      });
    }
    const result: ImportResult = { imported: {}, skipped: {} };
    for await (const entry of records) {
      assertOpen(state);
      const record = normalizeStoreRecord(entry);
      const outcome = importRecord(state, record);
      result[outcome][record.type] = (result[outcome][record.type] ?? 0) + 1;
    }
    return result;
  };
}
