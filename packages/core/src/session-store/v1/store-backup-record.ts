import type {
  ApiKeyRecord,
  AuditEventRecord,
  FileRecord,
  TenantRecord,
  ThreadRecord,
  TurnRecord,
  UsageRecord,
  WorkflowStateRecord,
} from './session-store-records.js';
import type { StreamEventRecord, TaskRecord } from './session-store-tasks.js';

/**
 * One record of a store's contents, as `exportRecords` yields it and `importRecords` takes it.
 * Parents come before their children (tenant, thread, then its turns), so a stream of these
 * can be written to a file and loaded into any other adapter.
 */
export type StoreRecord =
  | { type: 'tenant'; record: TenantRecord }
  | { type: 'api-key'; record: ApiKeyRecord }
  | { type: 'thread'; record: ThreadRecord }
  | { type: 'turn'; record: TurnRecord }
  | { type: 'workflow-state'; record: WorkflowStateRecord }
  | { type: 'file'; record: FileRecord }
  | { type: 'usage'; record: UsageRecord }
  | { type: 'audit'; record: AuditEventRecord }
  | { type: 'task'; record: TaskRecord }
  | { type: 'stream-event'; record: StreamEventRecord };

export type StoreRecordType = StoreRecord['type'];

export interface ImportResult {
  /** Records written, by type. */
  imported: Partial<Record<StoreRecordType, number>>;
  /** Records already present with the same key (left as they were). */
  skipped: Partial<Record<StoreRecordType, number>>;
}
