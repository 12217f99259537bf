import type {
  AppendAuditInput,
  AppendTurnInput,
  CommitTurnInput,
  CommitTurnResult,
  CreateApiKeyInput,
  CreateTenantInput,
  CreateThreadInput,
  DeleteTenantDataInput,
  ImportResult,
  ListAuditOptions,
  ListThreadsOptions,
  ListTurnsOptions,
  PageOptions,
  PruneOptions,
  PutFileRecordInput,
  RecordUsageInput,
  SessionStoreV1,
  StoreRecord,
  UsageQuery,
  AppendStreamEventInput,
  CreateTaskInput,
  UpdateTaskInput,
} from '@exai/core';
import type Database from 'better-sqlite3';

import { createSqliteQueries, type SqliteQueries } from './sqlite-queries.js';
import { mapSqliteError } from './sqlite-errors.js';
import { exportSqliteRecords } from './sqlite-export.js';
import { createSqliteCommitBatcher } from './sqlite-commit-batcher.js';
import { startSqliteCheckpointer, type SqliteCheckpointer } from './sqlite-checkpointer.js';
import { withImmediateTransactions } from './sqlite-immediate-transactions.js';
import { importSqliteRecords } from './sqlite-import.js';
import { isSqliteBusy, waitForSqliteLock } from './sqlite-lock-wait.js';

/** The SQLite adapter of `SessionStoreV1`: one connection, so one writer. */
export interface SqliteSessionStore extends SessionStoreV1 {
  readonly kind: 'sqlite';
  /** The absolute path of the database file, or `:memory:`. */
  readonly path: string;
}

const connections = new WeakMap<object, Database.Database>();

/** The connection of a store made here; for test code that must reach the database itself. */
export function sqliteConnectionOf(store: SqliteSessionStore): Database.Database {
  const database = connections.get(store);
  if (database === undefined) throw new Error('Not a SQLite session store of this package.');
  return database;
}

export class SqliteSessionStoreImpl implements SqliteSessionStore {
  readonly specificationVersion = 'v1';
  readonly kind = 'sqlite';
  private readonly queries: SqliteQueries;

  constructor(
    private readonly database: Database.Database,
    readonly path: string,
    private readonly busyTimeoutInMs: number,
    private readonly now: () => Date,
    /** Batched writes after which checkpoints move to a worker thread (see sqlite-checkpointer.ts). */
    private readonly checkpointInWorkerAfterWrites: number = 200,
  ) {
    this.queries = createSqliteQueries({ db: withImmediateTransactions(database), now });
    connections.set(this, database);
    const batched = createSqliteCommitBatcher({ database, run: (work) => this.run(work) });
    this.batched = (work) => {
      this.countWrite();
      return batched(work);
    };
  }

  /** A write with group commit (`commitTurn`, `appendAudit`): see sqlite-commit-batcher.ts. */
  private readonly batched: <T>(work: () => T) => Promise<T>;
  private writes = 0;
  private checkpointer: SqliteCheckpointer | undefined;

  /**
   * A store that keeps writing (a serving daemon) checkpoints on a worker thread; a short command
   * never starts one and checkpoints the usual way.
   */
  private countWrite(): void {
    this.writes += 1;
    if (this.writes !== this.checkpointInWorkerAfterWrites || this.path === ':memory:') return;
    if (this.database.open) this.checkpointer = startSqliteCheckpointer(this.database);
  }

  /** Runs a query; a busy database is waited for on timers, never inside the synchronous call. */
  private run<T>(fn: (queries: SqliteQueries) => T): Promise<T> {
    try {
      return Promise.resolve(fn(this.queries));
    } catch (error) {
      if (!isSqliteBusy(error)) return Promise.reject(mapSqliteError(error));
      const { busyTimeoutInMs, path } = this;
      return waitForSqliteLock({ run: () => fn(this.queries), busyTimeoutInMs, path }).catch(
        (failure: unknown) => Promise.reject(mapSqliteError(failure)),
      );
    }
  }

  createTenant = (input: CreateTenantInput) => this.run((q) => q.tenants.create(input));
  getTenant = (tenantId: string) => this.run((q) => q.tenants.get(tenantId));
  listTenants = () => this.run((q) => q.tenants.list());
  createApiKey = (input: CreateApiKeyInput) => this.run((q) => q.apiKeys.create(input));
  findApiKeyByHash = (hash: string) => this.run((q) => q.apiKeys.findByHash(hash));
  listApiKeys = (tenantId: string) => this.run((q) => q.apiKeys.list(tenantId));
  revokeApiKey = (tenantId: string, id: string) => this.run((q) => q.apiKeys.revoke(tenantId, id));
  markApiKeysUsed = (ids: readonly string[], usedAt: Date) =>
    this.run((q) => q.apiKeys.markUsed(ids, usedAt));

  createThread = (input: CreateThreadInput) => this.run((q) => q.threads.create(input));
  getThread = (tenantId: string, threadId: string) => this.run((q) => q.threads.get(tenantId, threadId));
  listThreads = (tenantId: string, options?: ListThreadsOptions) =>
    this.run((q) => q.threads.list(tenantId, options));
  deleteThread = (tenantId: string, threadId: string) =>
    this.run((q) => q.threads.delete(tenantId, threadId));
  appendTurn = (input: AppendTurnInput) => this.run((q) => q.turns.append(input));
  commitTurn = (input: CommitTurnInput): Promise<CommitTurnResult> =>
    this.batched(() => this.queries.commitTurn(input));
  listTurns = (tenantId: string, threadId: string, options?: ListTurnsOptions) =>
    this.run((q) => q.turns.list(tenantId, threadId, options));

  getWorkflowState = (tenantId: string, threadId: string) =>
    this.run((q) => q.workflowStates.get(tenantId, threadId));
  putWorkflowState = (tenantId: string, threadId: string, state: Record<string, unknown>) =>
    this.run((q) => q.workflowStates.put(tenantId, threadId, state));

  putFileRecord = (input: PutFileRecordInput) => this.run((q) => q.files.put(input));
  getFileRecord = (tenantId: string, provider: string, sha256: string) =>
    this.run((q) => q.files.get(tenantId, provider, sha256));
  adjustFileReferences = (tenantId: string, provider: string, sha256: string, delta: number) =>
    this.run((q) => q.files.adjustReferences(tenantId, provider, sha256, delta));
  deleteFileRecord = (tenantId: string, provider: string, sha256: string) =>
    this.run((q) => q.files.delete(tenantId, provider, sha256));
  listFileRecords = (tenantId: string, options?: PageOptions) =>
    this.run((q) => q.files.list(tenantId, options));

  recordUsage = (input: RecordUsageInput) => this.run((q) => q.usage.record(input));
  listUsage = (tenantId: string, query?: UsageQuery & PageOptions) =>
    this.run((q) => q.usage.list(tenantId, query));
  summarizeUsage = (tenantId: string, query?: UsageQuery) =>
    this.run((q) => q.usage.summarize(tenantId, query));
  appendAudit = (input: AppendAuditInput) => this.batched(() => this.queries.audit.append(input));
  listAudit = (tenantId: string, options?: ListAuditOptions) =>
    this.run((q) => q.audit.list(tenantId, options));

  countTenantData = (tenantId: string) => this.run((q) => q.tenantData.count(tenantId));
  deleteTenantData = (input: DeleteTenantDataInput) => this.run((q) => q.tenantData.delete(input));
  prune = (options: PruneOptions) => this.run((q) => q.tenantData.prune(options));
  createTask = (input: CreateTaskInput) => this.run((q) => q.tasks.create(input));
  getTask = (tenantId: string, taskId: string) => this.run((q) => q.tasks.get(tenantId, taskId));
  updateTask = (input: UpdateTaskInput) => this.run((q) => q.tasks.update(input));
  listTasks = (tenantId: string, options?: PageOptions) => this.run((q) => q.tasks.list(tenantId, options));
  appendStreamEvent = (input: AppendStreamEventInput) => this.run((q) => q.streamEvents.append(input));
  replayStreamEvents = (tenantId: string, afterEventId: string) =>
    this.run((q) => q.streamEvents.replay(tenantId, afterEventId));

  expire = (now?: Date) => this.run((q) => q.expire((now ?? this.now()).getTime()));

  async *exportRecords(): AsyncGenerator<StoreRecord> {
    await this.ping();
    try {
      yield* exportSqliteRecords(this.database, this.path, this.busyTimeoutInMs);
    } catch (error) {
      throw mapSqliteError(error);
    }
  }

  async importRecords(records: AsyncIterable<StoreRecord> | Iterable<StoreRecord>): Promise<ImportResult> {
    try {
      const lockWait = { busyTimeoutInMs: this.busyTimeoutInMs, path: this.path };
      return await importSqliteRecords(this.database, this.queries.inserters, records, lockWait);
    } catch (error) {
      throw mapSqliteError(error);
    }
  }

  ping = () => this.run((q) => q.ping());

  async close(): Promise<void> {
    await this.checkpointer?.close();
    if (this.database.open) this.database.close();
  }
}
