import type { StoreRecord, ImportResult } from './store-backup-record.js';
import type {
  AppendAuditInput,
  AppendTurnInput,
  AppendTurnResult,
  CreateApiKeyInput,
  CreateTenantInput,
  CreateThreadInput,
  ExpireResult,
  ListAuditOptions,
  ListThreadsOptions,
  ListTurnsOptions,
  Page,
  PageOptions,
  PutFileRecordInput,
  RecordUsageInput,
  UsageQuery,
  UsageSummaryRow,
} from './session-store-inputs.js';
import type {
  ApiKeyRecord,
  AuditEventRecord,
  FileRecord,
  TenantId,
  TenantRecord,
  ThreadRecord,
  TurnRecord,
  UsageRecord,
  WorkflowStateRecord,
} from './session-store-records.js';

/**
 * Where exai keeps conversations, workflow state, file records, usage, audit events, tenants
 * and API keys. Every method is async and scoped by tenant: no call reads or writes another
 * tenant's rows (except `findApiKeyByHash`, which is how a request finds its tenant).
 *
 * Guarantees every adapter must keep (the contract suite in `@exai/core/test` checks them):
 * - `appendTurn` is atomic: a turn is stored whole with the next `seq` (1, 2, 3… without gaps,
 *   even under concurrent appends to one thread) and the thread's `turnCount`/`updatedAt` move
 *   with it, or nothing changes.
 * - `appendTurn` with an `idempotencyKey` already used on that thread returns the first turn with
 *   `created: false` and stores nothing.
 * - Deleting a thread deletes its turns and workflow state.
 * - Missing records read as `undefined`; writes to a missing parent throw `RecordNotFoundError`.
 * - A store that cannot be reached throws `StoreUnavailableError` (retryable).
 *
 * Released contracts are never edited; a `SessionStoreV2` would stand beside this one.
 */
export interface SessionStoreV1 {
  readonly specificationVersion: 'v1';
  /** `memory`, `sqlite`, `postgres`, `supabase`, or a custom adapter's name. */
  readonly kind: string;

  // Tenants and API keys
  createTenant(input: CreateTenantInput): Promise<TenantRecord>;
  getTenant(tenantId: TenantId): Promise<TenantRecord | undefined>;
  listTenants(): Promise<TenantRecord[]>;
  createApiKey(input: CreateApiKeyInput): Promise<ApiKeyRecord>;
  /** Finds a key by the SHA-256 of its text, in any tenant; revoked keys are returned too. */
  findApiKeyByHash(hash: string): Promise<ApiKeyRecord | undefined>;
  listApiKeys(tenantId: TenantId): Promise<ApiKeyRecord[]>;
  revokeApiKey(tenantId: TenantId, id: string): Promise<boolean>;

  // Threads and turns
  createThread(input: CreateThreadInput): Promise<ThreadRecord>;
  getThread(tenantId: TenantId, threadId: string): Promise<ThreadRecord | undefined>;
  /** Most recently updated first. */
  listThreads(tenantId: TenantId, options?: ListThreadsOptions): Promise<Page<ThreadRecord>>;
  /** Returns whether it existed. */
  deleteThread(tenantId: TenantId, threadId: string): Promise<boolean>;
  appendTurn(input: AppendTurnInput): Promise<AppendTurnResult>;
  /** Oldest first. */
  listTurns(tenantId: TenantId, threadId: string, options?: ListTurnsOptions): Promise<TurnRecord[]>;

  // Workflow state
  getWorkflowState(tenantId: TenantId, threadId: string): Promise<WorkflowStateRecord | undefined>;
  /** Replaces the thread's workflow state. */
  putWorkflowState(
    tenantId: TenantId,
    threadId: string,
    state: Record<string, unknown>,
  ): Promise<WorkflowStateRecord>;

  // Provider file records
  /** Creates the record, or replaces its provider file id, size and expiry keeping the count. */
  putFileRecord(input: PutFileRecordInput): Promise<FileRecord>;
  getFileRecord(tenantId: TenantId, provider: string, sha256: string): Promise<FileRecord | undefined>;
  /** Adds `delta` (±) to the reference count, never below zero, and returns the record. */
  adjustFileReferences(
    tenantId: TenantId,
    provider: string,
    sha256: string,
    delta: number,
  ): Promise<FileRecord>;
  deleteFileRecord(tenantId: TenantId, provider: string, sha256: string): Promise<boolean>;
  listFileRecords(tenantId: TenantId, options?: PageOptions): Promise<Page<FileRecord>>;

  // Usage and audit
  recordUsage(input: RecordUsageInput): Promise<UsageRecord>;
  /** Newest first. */
  listUsage(tenantId: TenantId, query?: UsageQuery & PageOptions): Promise<Page<UsageRecord>>;
  summarizeUsage(tenantId: TenantId, query?: UsageQuery): Promise<UsageSummaryRow[]>;
  appendAudit(input: AppendAuditInput): Promise<AuditEventRecord>;
  /** Newest first. */
  listAudit(tenantId: TenantId, options?: ListAuditOptions): Promise<Page<AuditEventRecord>>;

  // Retention, backup, health
  /** Deletes threads and file records whose `expiresAt` is before `now`, in every tenant. */
  expire(now?: Date): Promise<ExpireResult>;
  /** Every record of every tenant, parents first. */
  exportRecords(): AsyncIterable<StoreRecord>;
  /** Writes records, skipping those whose key exists; safe to run twice. */
  importRecords(records: AsyncIterable<StoreRecord> | Iterable<StoreRecord>): Promise<ImportResult>;
  /** Resolves when the store answers; throws `StoreUnavailableError` otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
