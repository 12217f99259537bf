import type { StoreRecord } from '@exai/core';
import type { PostgresExecutor } from '../executor/postgres-executor.js';
import { backupTables, type BackupTable } from './backup-tables.js';

/** Rows read per statement. */
export const exportBatchSize = 500;

function batchQuery(entry: BackupTable, after: unknown[] | undefined): { text: string; values: unknown[] } {
  const names = entry.columns.map(({ name }) => name);
  const columns = [...names, ...entry.key.filter((column) => !names.includes(column))].join(', ');
  const key = entry.key.join(', ');
  const placeholders = entry.key.map((_, index) => `$${index + 2}`).join(', ');
  const where = after === undefined ? '' : `where (${key}) > (${placeholders})`;
  return {
    text: `select ${columns} from ${entry.table} ${where} order by ${key} limit $1`,
    values: [exportBatchSize, ...(after ?? [])],
  };
}

/**
 * Every record of every tenant, parents first, read in key order a batch at a time (keyset,
 * never OFFSET) inside one read-only repeatable-read transaction: the export is one consistent
 * snapshot, so no turn can appear without the thread it belongs to.
 */
export async function* exportRecords(executor: PostgresExecutor): AsyncGenerator<StoreRecord> {
  const connection = await executor.reserve();
  let open = false;
  try {
    await connection.query('begin isolation level repeatable read read only');
    open = true;
    for (const entry of backupTables) {
      let after: unknown[] | undefined;
      for (;;) {
        const { text, values } = batchQuery(entry, after);
        const { rows } = await connection.query<Record<string, unknown>>(text, values);
        for (const row of rows) yield { type: entry.type, record: entry.toRecord(row) } as StoreRecord;
        const last = rows[rows.length - 1];
        if (last === undefined || rows.length < exportBatchSize) break;
        after = entry.key.map((column) => last[column]);
      }
    }
    await connection.query('commit');
    open = false;
  } finally {
    // A reader that stops early leaves the transaction open: end it before the connection goes back.
    if (open) await connection.query('rollback').catch(() => undefined);
    connection.release();
  }
}
