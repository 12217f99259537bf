import { RecordExistsError } from '../../errors/record-exists-error.js';
import type { AuditEventRecord, SessionStoreV1 } from '../v1/index.js';
import { newestFirst, paginate } from './memory-cursor.js';
import { assertOpen, copy, currentTime, requireTenant } from './memory-store-state.js';
import type { MemoryStoreState } from './memory-store-state.js';
import { createRecordId } from '../create-record-id.js';

type AuditOperations = Pick<SessionStoreV1, 'appendAudit' | 'listAudit'>;

export function createMemoryAuditOperations(state: MemoryStoreState): AuditOperations {
  return {
    async appendAudit(input) {
      assertOpen(state);
      const record: AuditEventRecord = {
        tenantId: input.tenantId,
        id: input.id ?? createRecordId(),
        at: input.at ?? currentTime(state),
        actor: input.actor,
        action: input.action,
        target: input.target,
        detail: input.detail ?? {},
      };
      const tenant = requireTenant(state, record.tenantId);
      if (tenant.audit.has(record.id))
        throw new RecordExistsError({ recordType: 'audit', recordId: record.id });
      state.beforeWrite('audit');
      tenant.audit.set(record.id, record);
      return copy(record);
    },

    async listAudit(tenantId, options = {}) {
      assertOpen(state);
      const tenant = state.tenants.get(tenantId);
      const action = options.action;
      const events = [...(tenant?.audit.values() ?? [])].filter(
        (event) => action === undefined || event.action === action,
      );
      const page = paginate(events, options, (event) => [event.at.getTime(), event.id], newestFirst);
      return { items: page.items.map((event) => copy(event)), nextCursor: page.nextCursor };
    },
  };
}
