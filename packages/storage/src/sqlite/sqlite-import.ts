import { InvalidArgumentError, type ImportResult, type StoreRecord, type StoreRecordType } from '@exai/core';
import { normalizeStoreRecord } from '@exai/core/internal';
import type Database from 'better-sqlite3';

import { mapSqliteError } from './sqlite-errors.js';
import { runWaitingForSqliteLock } from './sqlite-lock-wait.js';

/** Writes one record unless its key exists; returns whether it did. */
export type RecordInserters = {
  [Type in StoreRecordType]: (record: Extract<StoreRecord, { type: Type }>['record']) => boolean;
};

const batchSize = 500;

/**
 * Validates every record, then writes them in transactions of up to 500; a failing batch is
 * rolled back and throws (the batches before it stay written; running the import again skips them).
 */
export async function importSqliteRecords(
  database: Database.Database,
  inserters: RecordInserters,
  records: AsyncIterable<StoreRecord> | Iterable<StoreRecord>,
  /** How long a batch waits for another process's lock (on timers; the connection's busy_timeout is 0). */
  { busyTimeoutInMs = 5000, path = database.name }: { busyTimeoutInMs?: number; path?: string } = {},
): Promise<ImportResult> {
  const result: Required<ImportResult> = { imported: {}, skipped: {} };
  const writeBatch = database.transaction((batch: StoreRecord[]) =>
    batch.map((item) => insertOne(inserters, item)),
  ).immediate;
  const flush = async (batch: StoreRecord[]): Promise<void> => {
    const written = await runWaitingForSqliteLock({ run: () => writeBatch(batch), busyTimeoutInMs, path });
    batch.forEach((item, index) => {
      const counts = written[index] === true ? result.imported : result.skipped;
      counts[item.type] = (counts[item.type] ?? 0) + 1;
    });
  };
  if (records == null || (!(Symbol.asyncIterator in records) && !(Symbol.iterator in records))) {
    throw new InvalidArgumentError({
      argument: 'records',
      message: '`records` must be an iterable or async iterable of store records.',
    });
  }
  let batch: StoreRecord[] = [];
  for await (const item of records) {
    batch.push(normalizeStoreRecord(item, { acceptSerializedDates: true }));
    if (batch.length >= batchSize) {
      await flush(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await flush(batch);
  return result;
}

function insertOne(inserters: RecordInserters, item: StoreRecord): boolean {
  const insert = inserters[item.type] as (record: StoreRecord['record']) => boolean;
  try {
    return insert(item.record);
  } catch (error) {
    const record = item.record as { tenantId?: string; threadId?: string; id?: string };
    const needsThread = item.type === 'turn' || item.type === 'workflow-state';
    throw mapSqliteError(error, {
      recordType: item.type,
      recordId: record.id ?? record.threadId ?? 'unknown',
      parentType: needsThread ? 'thread' : 'tenant',
      parentId: (needsThread ? record.threadId : record.tenantId) ?? 'unknown',
    });
  }
}
