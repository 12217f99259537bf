import type { SessionStoreV1, StoreRecordType } from '../v1/index.js';
import { withStoreInputChecks } from '../with-store-input-checks.js';
import { createMemoryCommitTurn } from './memory-commit-turn.js';
import { createMemoryAuditOperations } from './memory-audit.js';
import { createMemoryExpire } from './memory-expire.js';
import { createMemoryExportRecords } from './memory-export-records.js';
import { createMemoryFileOperations } from './memory-files.js';
import { createMemoryImportRecords } from './memory-import-records.js';
import { assertOpen, createMemoryStoreState } from './memory-store-state.js';
import { createMemoryTenantOperations } from './memory-tenants.js';
import { createMemoryTenantDataOperations } from './memory-tenant-data.js';
import { createMemoryThreadOperations } from './memory-threads.js';
import { createMemoryTurnOperations } from './memory-turns.js';
import { createMemoryUsageOperations } from './memory-usage.js';
import { createMemoryTaskOperations } from './memory-tasks.js';

export interface MemorySessionStoreOptions {
  /** The clock that stamps `createdAt`, `updatedAt` and friends, and decides what has expired. */
  now?: () => Date;
  /**
   * Called before the store writes a thread, turn, usage record or audit event. Throwing from it
   * makes that write fail as a database error would — for tests of what a failed write leaves
   * (a failed `commitTurn` leaves nothing). Default: does nothing.
   */
  beforeWrite?: (recordType: StoreRecordType) => void;
}

/**
 * A `SessionStoreV1` held in process memory: for tests, one-off runs and single-process use.
 * Its contents are lost when the process ends; export them with `exportRecords` to keep them.
 *
 * Behaves as the SQL adapters do: the tenant `default` exists from the start, JSON fields are
 * copied through JSON, and every returned record is a copy the caller may change. Each method
 * runs without yielding between its reads and writes, so `appendTurn` is atomic, and `commitTurn`
 * undoes what it wrote when a later part fails. Arguments are checked by `withStoreInputChecks`. After `close`,
 * every method throws `StoreUnavailableError`.
 */
export function createMemorySessionStore({
  now = () => new Date(),
  beforeWrite,
}: MemorySessionStoreOptions = {}): SessionStoreV1 {
  const state = createMemoryStoreState(now, beforeWrite);
  return withStoreInputChecks({
    specificationVersion: 'v1',
    kind: 'memory',
    ...createMemoryTenantOperations(state),
    ...createMemoryThreadOperations(state),
    ...createMemoryTurnOperations(state),
    commitTurn: createMemoryCommitTurn(state),
    ...createMemoryFileOperations(state),
    ...createMemoryUsageOperations(state),
    ...createMemoryAuditOperations(state),
    ...createMemoryTaskOperations(state),
    expire: createMemoryExpire(state),
    ...createMemoryTenantDataOperations(state),
    exportRecords: createMemoryExportRecords(state),
    importRecords: createMemoryImportRecords(state),
    async ping() {
      assertOpen(state);
    },
    async close() {
      state.closed = true;
    },
  });
}
