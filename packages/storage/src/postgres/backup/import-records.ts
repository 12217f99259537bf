import {
  InvalidArgumentError,
  RecordExistsError,
  RecordNotFoundError,
  type ImportResult,
  type StoreRecord,
  type StoreRecordType,
} from '@exai/core';
import { sqlState } from '../executor/classify-postgres-error.js';
import type { PostgresExecutor, Queryable } from '../executor/postgres-executor.js';
import { backupTableByType, backupTables, toRow, type BackupTable } from './backup-tables.js';

/** Records written per transaction. */
export const importBatchSize = 500;

/**
 * Turns skip on any unique key (the primary key or a thread's idempotency key, as the other stores
 * do); other tables skip only on their primary key, so another unique key still fails.
 */
function conflictClause(entry: BackupTable): string {
  return entry.table === 'turns'
    ? 'on conflict do nothing'
    : `on conflict (${(entry.importKey ?? entry.key).join(', ')}) do nothing`;
}

async function insertBatch(
  client: Queryable,
  entry: BackupTable,
  records: StoreRecord['record'][],
): Promise<number> {
  const columns = entry.columns.map(({ name }) => name).join(', ');
  const definitions = entry.columns.map(({ name, sqlType }) => `${name} ${sqlType}`).join(', ');
  const rows = JSON.stringify(records.map((record) => toRow(entry, record)));
  const result = await client.query(
    `insert into ${entry.table} (${columns})
     select ${columns} from jsonb_to_recordset($1::jsonb) as r(${definitions})
     ${conflictClause(entry)}`,
    [rows],
  );
  return result.rowCount ?? 0;
}

function add(counts: Partial<Record<StoreRecordType, number>>, type: StoreRecordType, count: number): void {
  if (count > 0) counts[type] = (counts[type] ?? 0) + count;
}

/**
 * Writes records in batched transactions, one `insert … select from jsonb_to_recordset` per type
 * and batch (parents first), skipping rows whose primary key exists, so running it twice changes
 * nothing. Any other unique conflict (an API key hash already used by another key) is an error,
 * as in every adapter.
 */
export async function importRecords(
  executor: PostgresExecutor,
  records: AsyncIterable<StoreRecord> | Iterable<StoreRecord>,
): Promise<ImportResult> {
  const result: ImportResult = { imported: {}, skipped: {} };
  let batch: StoreRecord[] = [];
  const flush = async (): Promise<void> => {
    const byType = new Map<StoreRecordType, StoreRecord[]>();
    for (const item of batch) {
      const items = byType.get(item.type);
      if (items === undefined) byType.set(item.type, [item]);
      else items.push(item);
    }
    batch = [];
    const counts = await executor
      .transaction(
        async (client) => {
          const written: [BackupTable, number, number][] = [];
          for (const entry of backupTables) {
            const items = byType.get(entry.type);
            if (items === undefined) continue;
            const inserted = await insertBatch(
              client,
              entry,
              items.map((item) => item.record),
            );
            written.push([entry, inserted, items.length - inserted]);
          }
          return written;
        },
        { idempotent: true },
      )
      .catch((error: unknown) => {
        if (sqlState(error) === '23505') {
          // Primary keys are skipped by `on conflict`; what is left is another unique key (an API key's hash).
          throw new RecordExistsError({
            recordType: (error as { table?: string }).table === 'api_keys' ? 'api-key hash' : 'record',
            recordId: (error as { detail?: string }).detail ?? 'unknown',
          });
        }
        if (sqlState(error) !== '23503') throw error;
        throw new RecordNotFoundError({
          recordType: 'parent record',
          recordId: (error as { detail?: string }).detail ?? 'unknown',
          message: `An imported record refers to a record that is neither stored nor imported before it (${(error as Error).message}).`,
        });
      });
    for (const [entry, inserted, skipped] of counts) {
      add(result.imported, entry.type, inserted);
      add(result.skipped, entry.type, skipped);
    }
  };
  for await (const item of records) {
    if (!backupTableByType.has(item.type)) {
      throw new InvalidArgumentError({
        argument: 'records',
        message: `Unknown record type "${String(item.type)}".`,
      });
    }
    batch.push(item);
    if (batch.length >= importBatchSize) await flush();
  }
  if (batch.length > 0) await flush();
  return result;
}
