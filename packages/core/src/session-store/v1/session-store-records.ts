/** Every record belongs to a tenant. A single-user install uses the tenant `default`. */
export type TenantId = string;

export const DEFAULT_TENANT_ID = 'default';

export interface TenantRecord {
  id: TenantId;
  name: string;
  createdAt: Date;
  /** A disabled tenant's API keys stop working; its data stays. */
  disabled: boolean;
  /** Free-form settings such as limits and budgets; interpreted by the server, stored as JSON. */
  settings: Record<string, unknown>;
}

export interface ApiKeyRecord {
  id: string;
  tenantId: TenantId;
  name: string;
  /** The first characters of the key, for people to recognise it (`exai_ab12…`). */
  prefix: string;
  /** SHA-256 of the whole key, hex. The key itself is never stored. */
  hash: string;
  createdAt: Date;
  revokedAt: Date | undefined;
  lastUsedAt: Date | undefined;
}

/** A conversation; its id is the `continuation_id` clients pass back. */
export interface ThreadRecord {
  tenantId: TenantId;
  id: string;
  title: string | undefined;
  createdAt: Date;
  /** The time of the latest append, or creation. */
  updatedAt: Date;
  /** After this the thread may be deleted by a sweep; undefined keeps it forever. */
  expiresAt: Date | undefined;
  /** How many turns the thread holds (equals the last turn's `seq`). */
  turnCount: number;
  metadata: Record<string, unknown>;
}

export type TurnRole = 'system' | 'user' | 'assistant' | 'tool';

/** One message in a thread. `seq` runs 1, 2, 3… with no gaps, in append order. */
export interface TurnRecord {
  tenantId: TenantId;
  threadId: string;
  seq: number;
  role: TurnRole;
  content: string;
  /** The tool that produced or asked for this turn (`chat`, `codereview`, …). */
  toolName: string | undefined;
  /** `provider:model` that wrote an assistant turn. */
  model: string | undefined;
  /** Paths of the files the turn referred to; re-read from disk when the thread continues. */
  files: string[];
  /** The caller's key for this append; a repeated key returns the first turn instead of adding one. */
  idempotencyKey: string | undefined;
  createdAt: Date;
  metadata: Record<string, unknown>;
}

/** The state of a multi-step workflow attached to a thread (one document per thread). */
export interface WorkflowStateRecord {
  tenantId: TenantId;
  threadId: string;
  state: Record<string, unknown>;
  updatedAt: Date;
}

/** A file uploaded to a provider, keyed by its content so it is uploaded once. */
export interface FileRecord {
  tenantId: TenantId;
  provider: string;
  sha256: string;
  providerFileId: string;
  filename: string | undefined;
  sizeInBytes: number;
  createdAt: Date;
  expiresAt: Date | undefined;
  /** How many threads or calls hold the file; zero means it may be deleted upstream. */
  refCount: number;
}

export type UsageStatus = 'ok' | 'error';

/** One model call, for accounting and budgets. */
export interface UsageRecord {
  tenantId: TenantId;
  id: string;
  threadId: string | undefined;
  /** `provider:model`. */
  model: string;
  inputTokens: number;
  outputTokens: number;
  costInUsd: number | undefined;
  latencyInMs: number;
  status: UsageStatus;
  errorCode: string | undefined;
  createdAt: Date;
}

/** Something that happened, for the audit log. */
export interface AuditEventRecord {
  tenantId: TenantId;
  id: string;
  at: Date;
  /** Who did it: an API key id, `cli`, `system`. */
  actor: string | undefined;
  /** What happened, dotted: `thread.delete`, `apikey.create`. */
  action: string;
  /** What it happened to, e.g. a thread id. */
  target: string | undefined;
  detail: Record<string, unknown>;
}
