import type { AuditEventRecord, SessionStoreV1 } from '@exai/core';
import { ensureTenant } from '../model-turn/ensure-tenant.js';
import { redactForAudit } from './redact-for-audit.js';

/**
 * The tenant store-wide administration (migrations, restores, garbage collection) is recorded
 * under: the local tenant, which belongs to whoever runs the store.
 */
export const ADMIN_AUDIT_TENANT = 'default';

export interface AdminAuditInput {
  /** Dotted: `api-key.create`, `api-key.revoke`, `store.migrate`, `store.restore`, `store.gc`, `tenant.delete`. */
  action: string;
  /** The tenant the action concerns. Default: `ADMIN_AUDIT_TENANT` (store-wide actions). */
  tenantId?: string;
  /** Who did it: `cli` (default), an API key id, `system` for the sweep. */
  actor?: string;
  /** What it was done to: a key id (never the key), a migration version, a backup file name. */
  target?: string;
  /** Counts and settings; passed through `redactForAudit`, so secrets and long text never stay. */
  detail?: Record<string, unknown>;
}

/**
 * Appends one audit record of an administrative action (creating the tenant first on a fresh
 * store). Commands that administer the store or its keys call it after the action succeeds.
 */
export async function auditAdminAction(
  store: SessionStoreV1,
  { action, tenantId = ADMIN_AUDIT_TENANT, actor = 'cli', target, detail = {} }: AdminAuditInput,
): Promise<AuditEventRecord> {
  await ensureTenant(store, tenantId);
  return store.appendAudit({
    tenantId,
    actor,
    action,
    ...(target !== undefined && { target }),
    detail: redactForAudit(detail) as Record<string, unknown>,
  });
}
