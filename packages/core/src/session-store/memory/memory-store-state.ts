import { RecordNotFoundError } from '../../errors/record-not-found-error.js';
import { StoreUnavailableError } from '../../errors/store-unavailable-error.js';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import {
  DEFAULT_TENANT_ID,
  type ApiKeyRecord,
  type AuditEventRecord,
  type FileRecord,
  type TenantId,
  type TenantRecord,
  type ThreadRecord,
  type TurnRecord,
  type UsageRecord,
  type StoreRecordType,
  type WorkflowStateRecord,
} from '../v1/index.js';
import type { StreamEventRecord, TaskRecord } from '../v1/session-store-tasks.js';

/** A thread with what hangs off it, so deleting the thread deletes them. */
export interface MemoryThread {
  record: ThreadRecord;
  /** By `seq`. */
  turns: Map<number, TurnRecord>;
  turnsByIdempotencyKey: Map<string, TurnRecord>;
  workflowState: WorkflowStateRecord | undefined;
}

export interface MemoryTenant {
  record: TenantRecord;
  threads: Map<string, MemoryThread>;
  /** By `fileKey(provider, sha256)`. */
  files: Map<string, FileRecord>;
  usage: Map<string, UsageRecord>;
  audit: Map<string, AuditEventRecord>;
  tasks: Map<string, TaskRecord>;
  /** Each stream's events in append order. */
  streams: Map<string, StreamEventRecord[]>;
  /** By `eventId`. */
  streamEvents: Map<string, StreamEventRecord>;
}

export interface MemoryStoreState {
  readonly now: () => Date;
  /** Called before each thread, turn, usage record or audit event is written; may throw. */
  readonly beforeWrite: (recordType: StoreRecordType) => void;
  closed: boolean;
  readonly tenants: Map<TenantId, MemoryTenant>;
  /** API key ids and hashes are unique across all tenants. */
  readonly apiKeys: Map<string, ApiKeyRecord>;
  readonly apiKeyIdsByHash: Map<string, string>;
}

export function createMemoryStoreState(
  now: () => Date,
  beforeWrite: (recordType: StoreRecordType) => void = () => undefined,
): MemoryStoreState {
  const state: MemoryStoreState = {
    now,
    beforeWrite,
    closed: false,
    tenants: new Map(),
    apiKeys: new Map(),
    apiKeyIdsByHash: new Map(),
  };
  addTenant(state, {
    id: DEFAULT_TENANT_ID,
    name: DEFAULT_TENANT_ID,
    createdAt: currentTime(state),
    disabled: false,
    settings: {},
  });
  return state;
}

export function addTenant(state: MemoryStoreState, record: TenantRecord): MemoryTenant {
  const tenant: MemoryTenant = {
    record,
    threads: new Map(),
    files: new Map(),
    usage: new Map(),
    audit: new Map(),
    tasks: new Map(),
    streams: new Map(),
    streamEvents: new Map(),
  };
  state.tenants.set(record.id, tenant);
  return tenant;
}

export function assertOpen(state: MemoryStoreState): void {
  if (state.closed) {
    throw new StoreUnavailableError({
      store: 'memory',
      message: 'The memory session store is closed; create a new one with createMemorySessionStore().',
    });
  }
}

/** The store's clock, as a fresh `Date`. */
export function currentTime(state: MemoryStoreState): Date {
  const now = state.now();
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new InvalidArgumentError({
      argument: 'now',
      message: 'The `now` option of createMemorySessionStore must return a valid Date.',
    });
  }
  return new Date(now.getTime());
}

export function requireTenant(state: MemoryStoreState, tenantId: TenantId): MemoryTenant {
  const tenant = state.tenants.get(tenantId);
  if (tenant === undefined) {
    throw new RecordNotFoundError({
      recordType: 'tenant',
      recordId: tenantId,
      message: `No tenant "${tenantId}" exists; create it with createTenant first.`,
    });
  }
  return tenant;
}

export function findThread(
  state: MemoryStoreState,
  tenantId: TenantId,
  threadId: string,
): MemoryThread | undefined {
  return state.tenants.get(tenantId)?.threads.get(threadId);
}

export function requireThread(state: MemoryStoreState, tenantId: TenantId, threadId: string): MemoryThread {
  const thread = findThread(state, tenantId, threadId);
  if (thread === undefined) {
    throw new RecordNotFoundError({
      recordType: 'thread',
      recordId: threadId,
      message: `No thread "${threadId}" exists in tenant "${tenantId}" (it may have expired or been deleted).`,
    });
  }
  return thread;
}

export function fileKey(provider: string, sha256: string): string {
  return JSON.stringify([provider, sha256]);
}

/**
 * A deep copy, so callers never hold the store's own objects. Records hold JSON values and dates
 * only (inputs are validated as JSON), which a plain walk copies several times faster than
 * `structuredClone`.
 */
export function copy<T>(record: T): T {
  return copyValue(record) as T;
}

function copyValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date) return new Date(value.getTime());
  if (Array.isArray(value)) return value.map(copyValue);
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
    return structuredClone(value);
  }
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value)) result[key] = copyValue((value as Record<string, unknown>)[key]);
  return result;
}

export function isExpired(expiresAt: Date | undefined, now: Date): boolean {
  return expiresAt !== undefined && expiresAt.getTime() < now.getTime();
}
