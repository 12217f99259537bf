import type { StoreRecord, ImportResult } from './store-backup-record.js';
import type {
  AppendAuditInput,
  AppendTurnInput,
  AppendTurnResult,
  CommitTurnInput,
  CommitTurnResult,
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
import type { SessionStoreTenantDataV1 } from './session-store-tenant-data.js';
import type { SessionStoreTasksV1 } from './session-store-tasks.js';

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
 * - `commitTurn` stores a finished model turn — the thread when asked to create it, the
 *   turns (the question and one answer, or a round of answers), the usage records and the audit
 *   event — all together or not at all, in one transaction (see its own comment).
 * - Deleting a thread deletes its turns and workflow state.
 * - Missing records read as `undefined`; writes to a missing parent throw `RecordNotFoundError`.
 * - A store that cannot be reached throws `StoreUnavailableError` (retryable).
 *
 * - Arguments are checked before anything is written: a bad one throws `InvalidArgumentError`
 *   naming it (`withStoreInputChecks` from `@exai/core/internal` does this for exai's adapters).
 *
 * Released contracts are never edited; a `SessionStoreV2` would stand beside this one. (Until
 * the first release this one may still change: see docs/decisions/0006-atomic-turn-commit.md.)
 */
export interface SessionStoreV1 extends SessionStoreTenantDataV1, SessionStoreTasksV1 {
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
  /**
   * Sets `lastUsedAt` of the keys with these ids (in any tenant) to `usedAt`, unless it is later
   * already; unknown ids are skipped. Called in batches (about once a minute), never per request.
   * Optional: a store without it keeps no `lastUsedAt`.
   */
  markApiKeysUsed?(ids: readonly string[], usedAt: Date): Promise<void>;

  // Threads and turns
  createThread(input: CreateThreadInput): Promise<ThreadRecord>;
  getThread(tenantId: TenantId, threadId: string): Promise<ThreadRecord | undefined>;
  /** Most recently updated first. */
  listThreads(tenantId: TenantId, options?: ListThreadsOptions): Promise<Page<ThreadRecord>>;
  /** Returns whether it existed. */
  deleteThread(tenantId: TenantId, threadId: string): Promise<boolean>;
  appendTurn(input: AppendTurnInput): Promise<AppendTurnResult>;
  /**
   * Stores a finished model turn atomically: creates the thread when `thread.create` is given and
   * it is missing (id, title, metadata and `expiresAt` as given), appends the turns (the question,
   * then one answer, or several for a round of models) at the next `seq`s, moves the thread's
   * `turnCount`, `updatedAt` and `expiresAt`, records `usage` (one record or several, with this
   * thread's id) and appends `audit` — in ONE transaction (one RPC call on Supabase).
   *
   * - All or nothing: if any part fails (a database error, a taken usage or audit id), none of
   *   them is stored — no thread, no turns, no usage, no audit event.
   * - The turns are adjacent: `turns[i].seq === turns[0].seq + i`, and `seq`s stay 1, 2, 3…
   *   without gaps under concurrent commits and appends to one thread, from any number of
   *   connections or processes.
   * - Idempotent by `idempotencyKey` per thread: committing a key already committed on that
   *   thread writes nothing (no second usage record or audit event, no expiry change) and
   *   returns the first commit's turns with `created: false`. Concurrent commits with one key
   *   store it once. The turns carry `<key>:1`, `<key>:2`, … as their idempotency keys
   *   (`commitTurnKeys`), so `appendTurn` must not use those.
   * - Refused with `RecordNotFoundError`, writing nothing: a missing thread when `thread.create`
   *   is not given (a thread id of another tenant is missing for this one), and a missing tenant.
   * - Works without session state, so behind a transaction-mode pooler too.
   */
  commitTurn(input: CommitTurnInput): Promise<CommitTurnResult>;
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
  /**
   * Deletes threads, file records, tasks and stream events whose `expiresAt` is before `now`, in
   * every tenant. The result counts threads and file records.
   */
  expire(now?: Date): Promise<ExpireResult>;
  /** Every record of every tenant, parents first. */
  exportRecords(): AsyncIterable<StoreRecord>;
  /** Writes records, skipping those whose key exists; safe to run twice. */
  importRecords(records: AsyncIterable<StoreRecord> | Iterable<StoreRecord>): Promise<ImportResult>;
  /** Resolves when the store answers; throws `StoreUnavailableError` otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
