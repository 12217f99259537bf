import type { AppendAuditInput } from './session-store-inputs.js';
import type { TenantId } from './session-store-records.js';

/** How many records of each kind a tenant holds (what `deleteTenantData` would remove). */
export interface TenantDataCounts {
  threads: number;
  /** Turns of those threads. */
  turns: number;
  workflowStates: number;
  /** File records; each names an upload at a provider, which the store cannot delete itself. */
  files: number;
  usage: number;
  audit: number;
  apiKeys: number;
  // A kind of per-tenant record added later (tasks, …) adds its count here, optional until
  // every adapter reports it.
}

/** The one audit event `deleteTenantData` leaves behind; its action defaults to `tenant.delete`. */
export type DeleteTenantDataAudit = Omit<AppendAuditInput, 'tenantId' | 'action'> & { action?: string };

export interface DeleteTenantDataInput {
  tenantId: TenantId;
  /** The record of the deletion, stored after everything else is gone. */
  audit?: DeleteTenantDataAudit;
}

/**
 * Cut-offs of the retention rules, each optional (absent: keep forever). Records older than the
 * cut-off are deleted, in every tenant.
 */
export interface PruneOptions {
  /** Threads (with their turns and workflow state) last updated before this. */
  threadsUpdatedBefore?: Date;
  /** Usage records created before this. */
  usageCreatedBefore?: Date;
  /** Audit events that happened before this. */
  auditBefore?: Date;
}

/** What `prune` deleted. */
export interface PruneResult {
  threads: number;
  usage: number;
  audit: number;
}

/** The retention part of `SessionStoreV1`, kept beside it for readability. */
export interface SessionStoreTenantDataV1 {
  /** What `deleteTenantData` would delete now; `RecordNotFoundError` for a missing tenant. */
  countTenantData(tenantId: TenantId): Promise<TenantDataCounts>;
  /**
   * The right to deletion: removes every record of the tenant — threads, turns, workflow state,
   * file records, usage, audit events and API keys (and any other record an adapter keeps for the
   * tenant) — in one transaction, then stores one audit event of the deletion whose `detail`
   * holds the counts (merged over `audit.detail`). The tenant itself stays, holding that event.
   * Returns what was deleted (the new audit event not counted). `RecordNotFoundError` for a
   * missing tenant, deleting nothing. Provider-side uploads named by the file records are the
   * caller's to delete first (list them with `listFileRecords`).
   */
  deleteTenantData(input: DeleteTenantDataInput): Promise<TenantDataCounts>;
  /**
   * Applies retention: deletes, in every tenant and in one transaction, threads last updated
   * before `threadsUpdatedBefore`, usage records created before `usageCreatedBefore`, and audit
   * events before `auditBefore`. An absent cut-off deletes nothing of that kind.
   */
  prune(options: PruneOptions): Promise<PruneResult>;
}
