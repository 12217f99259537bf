import type { TenantId, ThreadRecord, TurnRecord, TurnRole, UsageStatus } from './session-store-records.js';

export interface PageOptions {
  /** Default 50, at most 500. */
  limit?: number;
  /** The `nextCursor` of the previous page. Cursors are opaque strings. */
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** Undefined on the last page. */
  nextCursor: string | undefined;
}

export interface CreateTenantInput {
  id: TenantId;
  name?: string;
  settings?: Record<string, unknown>;
}

export interface CreateApiKeyInput {
  tenantId: TenantId;
  id?: string;
  name: string;
  prefix: string;
  hash: string;
}

export interface CreateThreadInput {
  tenantId: TenantId;
  /** Default: a new UUID (exai's adapters make time-ordered ones, version 7). */
  id?: string;
  title?: string;
  expiresAt?: Date;
  metadata?: Record<string, unknown>;
}

export interface ListThreadsOptions extends PageOptions {
  /** Case-insensitive text matched against the title and every turn's content. */
  search?: string;
  /** Include threads past their `expiresAt` (default false). */
  includeExpired?: boolean;
}

export interface AppendTurnInput {
  tenantId: TenantId;
  threadId: string;
  role: TurnRole;
  content: string;
  toolName?: string;
  model?: string;
  files?: string[];
  /** Makes the append safe to retry: the same key on the same thread returns the first turn. */
  idempotencyKey?: string;
  metadata?: Record<string, unknown>;
  /** Pushes the thread's expiry to this time (sliding TTL). */
  expiresAt?: Date;
}

export interface AppendTurnResult {
  turn: TurnRecord;
  /** False when the idempotency key had been seen, and `turn` is the first append's. */
  created: boolean;
}

export interface ListTurnsOptions {
  /** Only turns with a larger `seq`. */
  afterSeq?: number;
  /** Default: all. */
  limit?: number;
}

export interface PutFileRecordInput {
  tenantId: TenantId;
  provider: string;
  sha256: string;
  providerFileId: string;
  filename?: string;
  sizeInBytes: number;
  expiresAt?: Date;
}

export interface RecordUsageInput {
  tenantId: TenantId;
  id?: string;
  threadId?: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  costInUsd?: number;
  latencyInMs: number;
  status: UsageStatus;
  errorCode?: string;
  createdAt?: Date;
}

export interface UsageQuery {
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

/** Usage summed per UTC day and model. */
export interface UsageSummaryRow {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  model: string;
  calls: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  costInUsd: number;
}

export interface AppendAuditInput {
  tenantId: TenantId;
  id?: string;
  at?: Date;
  actor?: string;
  action: string;
  target?: string;
  detail?: Record<string, unknown>;
}

export interface ListAuditOptions extends PageOptions {
  action?: string;
}

export interface ExpireResult {
  threads: number;
  files: number;
}

/** One message of a committed turn: the question, then the answer (or answers). */
export interface CommitTurnMessage {
  role: TurnRole;
  content: string;
  toolName?: string;
  model?: string;
  files?: string[];
  metadata?: Record<string, unknown>;
}

/** The thread a turn is committed to. */
export interface CommitTurnThread {
  id: string;
  /**
   * Create the thread with these fields when it does not exist, in the same transaction (when it
   * exists they are ignored). Without it a missing thread is refused.
   */
  create?: {
    title?: string;
    metadata?: Record<string, unknown>;
  };
}

/** A usage record of the call; its `threadId` is the commit's thread. */
export type CommitTurnUsage = Omit<RecordUsageInput, 'tenantId' | 'threadId'>;

/** The audit event of the call. */
export type CommitTurnAudit = Omit<AppendAuditInput, 'tenantId'>;

export interface CommitTurnInput {
  tenantId: TenantId;
  thread: CommitTurnThread;
  /**
   * Makes the commit safe to retry: the same key on the same thread returns the first commit's
   * turns. The turns carry `<key>:1`, `<key>:2`, … as their own idempotency keys.
   */
  idempotencyKey: string;
  /** The thread's expiry: set on a new thread, pushed on an existing one (sliding TTL). */
  expiresAt?: Date;
  /**
   * The question (usually `user`) and the answer (usually `assistant`), stored at consecutive
   * seqs. A round with several answers (a consensus of models) gives them all after the question:
   * up to `maxCommitTurns` messages in all.
   */
  turns: readonly [CommitTurnMessage, CommitTurnMessage, ...CommitTurnMessage[]];
  /** The call's usage record, or one per model of a round with several answers. */
  usage?: CommitTurnUsage | readonly CommitTurnUsage[];
  audit?: CommitTurnAudit;
}

export interface CommitTurnResult {
  /** The thread after the commit (or, for a repeated key, as it is now). */
  thread: ThreadRecord;
  /** The turns, question first, as many as were committed; `seq`s are consecutive. */
  turns: [TurnRecord, TurnRecord, ...TurnRecord[]];
  /** False when the idempotency key had been committed, and nothing was written. */
  created: boolean;
}
