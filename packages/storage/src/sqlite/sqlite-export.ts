import type { StoreRecord, StoreRecordType } from '@exai/core';
import type Database from 'better-sqlite3';

import { loadBetterSqlite3 } from './load-better-sqlite3.js';
import { selectApiKeysSql, toApiKeyRecord, type ApiKeyRow } from './sqlite-api-keys.js';
import { selectAuditSql, toAuditRecord, type AuditRow } from './sqlite-audit.js';
import { selectFilesSql, toFileRecord, type FileRow } from './sqlite-files.js';
import { selectTenantsSql, toTenantRecord, type TenantRow } from './sqlite-tenants.js';
import { selectThreadsSql, toThreadRecord, type ThreadRow } from './sqlite-threads.js';
import { selectTurnsSql, toTurnRecord, type TurnRow } from './sqlite-turns.js';
import { selectUsageSql, toUsageRecord, type UsageRow } from './sqlite-usage.js';
import { selectStreamEventsSql, toStreamEventRecord, type StreamEventRow } from './sqlite-stream-events.js';
import { selectTasksSql, toTaskRecord, type TaskRow } from './sqlite-tasks.js';
import {
  selectWorkflowStatesSql,
  toWorkflowStateRecord,
  type WorkflowStateRow,
} from './sqlite-workflow-states.js';

interface ExportTable {
  type: StoreRecordType;
  sql: string;
  toRecord: (row: never) => StoreRecord['record'];
}

/** Parents before children: tenants, keys, threads, turns, workflow states, then the rest. */
const exportTables: readonly ExportTable[] = [
  { type: 'tenant', sql: selectTenantsSql, toRecord: (row: TenantRow) => toTenantRecord(row) },
  { type: 'api-key', sql: selectApiKeysSql, toRecord: (row: ApiKeyRow) => toApiKeyRecord(row) },
  { type: 'thread', sql: selectThreadsSql, toRecord: (row: ThreadRow) => toThreadRecord(row) },
  { type: 'turn', sql: selectTurnsSql, toRecord: (row: TurnRow) => toTurnRecord(row) },
  {
    type: 'workflow-state',
    sql: selectWorkflowStatesSql,
    toRecord: (row: WorkflowStateRow) => toWorkflowStateRecord(row),
  },
  { type: 'file', sql: selectFilesSql, toRecord: (row: FileRow) => toFileRecord(row) },
  { type: 'usage', sql: selectUsageSql, toRecord: (row: UsageRow) => toUsageRecord(row) },
  { type: 'audit', sql: selectAuditSql, toRecord: (row: AuditRow) => toAuditRecord(row) },
  { type: 'task', sql: selectTasksSql, toRecord: (row: TaskRow) => toTaskRecord(row) },
  {
    type: 'stream-event',
    sql: selectStreamEventsSql,
    toRecord: (row: StreamEventRow) => toStreamEventRecord(row),
  },
];

const toStoreRecord = (table: ExportTable, row: unknown): StoreRecord =>
  ({ type: table.type, record: table.toRecord(row as never) }) as StoreRecord;

/**
 * Every record, parents first, from one consistent snapshot. A file database is read through a
 * read-only connection of its own inside one read transaction, streaming with `.iterate()`, so
 * the store stays writable while the export is consumed. An in-memory database cannot be
 * shared, so it is read in one synchronous pass.
 */
export async function* exportSqliteRecords(
  database: Database.Database,
  path: string,
  busyTimeoutInMs: number,
): AsyncGenerator<StoreRecord> {
  if (database.memory) {
    const snapshot = exportTables.flatMap((table) =>
      database
        .prepare(table.sql)
        .all()
        .map((row) => toStoreRecord(table, row)),
    );
    yield* snapshot;
    return;
  }
  const DatabaseConstructor = loadBetterSqlite3();
  const reader = new DatabaseConstructor(path, {
    readonly: true,
    fileMustExist: true,
    timeout: busyTimeoutInMs,
  });
  try {
    reader.exec('BEGIN');
    for (const table of exportTables) {
      for (const row of reader.prepare(table.sql).iterate()) yield toStoreRecord(table, row);
    }
    reader.exec('COMMIT');
  } finally {
    reader.close();
  }
}
