export type { SessionStoreV1 } from './session-store-v1.js';
export { DEFAULT_TENANT_ID } from './session-store-records.js';
export type {
  ApiKeyRecord,
  AuditEventRecord,
  FileRecord,
  TenantId,
  TenantRecord,
  ThreadRecord,
  TurnRecord,
  TurnRole,
  UsageRecord,
  UsageStatus,
  WorkflowStateRecord,
} from './session-store-records.js';
export type * from './session-store-inputs.js';
export type * from './session-store-tasks.js';
export { terminalTaskStatuses } from './session-store-tasks.js';
export type { ImportResult, StoreRecord, StoreRecordType } from './store-backup-record.js';
export type * from './session-store-tenant-data.js';
