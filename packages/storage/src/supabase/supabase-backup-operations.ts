import {
  InvalidArgumentError,
  type ExpireResult,
  type ImportResult,
  type SessionStoreV1,
  type StoreRecord,
  type StoreRecordType,
} from '@exai/core';
import { isoDate } from './supabase-arguments.js';
import { reviveRecords } from './supabase-records.js';
import type { CallRpc } from './supabase-rpc.js';
import type { RpcPage } from './supabase-thread-operations.js';

type BackupOperations = Pick<SessionStoreV1, 'expire' | 'exportRecords' | 'importRecords'>;

/** Parents before children, so an import in this order always finds a record's parent. */
const exportOrder: readonly StoreRecordType[] = [
  'tenant',
  'api-key',
  'thread',
  'turn',
  'workflow-state',
  'file',
  'usage',
  'audit',
  'task',
  'stream-event',
];

/** Record types of migration 4, exported and imported through its own functions. */
const isTaskRecordType = (type: StoreRecordType): boolean => type === 'task' || type === 'stream-event';

const exportPageSize = 500;
const importBatchSize = 250;

export function createSupabaseBackupOperations(rpc: CallRpc): BackupOperations {
  async function importBatch(batch: StoreRecord[], result: ImportResult): Promise<void> {
    const taskRecords = batch.filter((entry) => isTaskRecordType(entry.type));
    const otherRecords = batch.filter((entry) => !isTaskRecordType(entry.type));
    if (otherRecords.length > 0) await importPart('exai_import_records', otherRecords, result);
    if (taskRecords.length > 0) await importPart('exai_import_task_records', taskRecords, result);
  }

  async function importPart(
    functionName: 'exai_import_records' | 'exai_import_task_records',
    batch: StoreRecord[],
    result: ImportResult,
  ): Promise<void> {
    const counts = await rpc<ImportResult>(functionName, { p_records: batch });
    for (const part of ['imported', 'skipped'] as const) {
      for (const [type, count] of Object.entries(counts[part])) {
        const key = type as StoreRecordType;
        result[part][key] = (result[part][key] ?? 0) + (count ?? 0);
      }
    }
  }

  return {
    async expire(now) {
      const result = await rpc<ExpireResult>('exai_expire', { p_now: isoDate(now) });
      await rpc('exai_expire_tasks_and_events', { p_now: isoDate(now) });
      return result;
    },

    /**
     * Each page is its own RPC call (its own transaction), so records written while an export
     * runs can appear without their parent: a turn of a thread created after the threads were
     * read. Children whose parent was not exported are left out, so every backup restores; they
     * belong to the next one.
     */
    async *exportRecords() {
      const tenants = new Set<string>();
      const threads = new Set<string>();
      const threadKey = (tenantId: string, threadId: string) => `${tenantId}\u0000${threadId}`;
      const hasParent = (entry: StoreRecord): boolean => {
        switch (entry.type) {
          case 'tenant':
            tenants.add(entry.record.id);
            return true;
          case 'thread':
            if (!tenants.has(entry.record.tenantId)) return false;
            threads.add(threadKey(entry.record.tenantId, entry.record.id));
            return true;
          case 'turn':
          case 'workflow-state':
            return threads.has(threadKey(entry.record.tenantId, entry.record.threadId));
          default:
            return tenants.has(entry.record.tenantId);
        }
      };
      for (const type of exportOrder) {
        let after: unknown;
        do {
          const functionName = isTaskRecordType(type) ? 'exai_export_task_records' : 'exai_export_records';
          const page: RpcPage = await rpc<RpcPage>(functionName, {
            p_type: type,
            p_after: after,
            p_limit: exportPageSize,
          });
          for (const record of reviveRecords<StoreRecord['record']>(page.items)) {
            const entry = { type, record } as StoreRecord;
            if (hasParent(entry)) yield entry;
          }
          after = page.next ?? undefined;
        } while (after !== undefined);
      }
    },

    async importRecords(records) {
      if (records == null || (!(Symbol.asyncIterator in records) && !(Symbol.iterator in records))) {
        throw new InvalidArgumentError({
          argument: 'records',
          message: '`records` must be an iterable or async iterable of store records.',
        });
      }
      const result: ImportResult = { imported: {}, skipped: {} };
      let batch: StoreRecord[] = [];
      for await (const entry of records) {
        batch.push(entry);
        if (batch.length >= importBatchSize) {
          await importBatch(batch, result);
          batch = [];
        }
      }
      if (batch.length > 0) await importBatch(batch, result);
      return result;
    },
  };
}
