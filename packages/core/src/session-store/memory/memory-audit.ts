import { RecordExistsError } from '../../errors/record-exists-error.js';
import type { AuditEventRecord, SessionStoreV1 } from '../v1/index.js';
import { newestFirst, paginate } from './memory-cursor.js';
import { assertOpen, copy, currentTime, requireTenant } from './memory-store-state.js';
import type { MemoryStoreState } from './memory-store-state.js';
import {
  optionalDate,
  optionalId,
  optionalJsonObject,
  optionalString,
  requireId,
} from '../validate-store-input.js';

type AuditOperations = Pick<SessionStoreV1, 'appendAudit' | 'listAudit'>;

export function createMemoryAuditOperations(state: MemoryStoreState): AuditOperations {
  return {
    async appendAudit(input) {
      assertOpen(state);
      const record: AuditEventRecord = {
        tenantId: requireId('tenantId', input.tenantId),
        id: optionalId('id', input.id) ?? globalThis.crypto.randomUUID(),
        at: optionalDate('at', input.at) ?? currentTime(state),
        actor: optionalString('actor', input.actor),
        action: requireId('action', input.action),
        target: optionalString('target', input.target),
        detail: optionalJsonObject('detail', input.detail),
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
      const tenant = state.tenants.get(requireId('tenantId', tenantId));
      const action = options.action === undefined ? undefined : requireId('action', options.action);
      const events = [...(tenant?.audit.values() ?? [])].filter(
        (event) => action === undefined || event.action === action,
      );
      const page = paginate(events, options, (event) => [event.at.getTime(), event.id], newestFirst);
      return { items: page.items.map((event) => copy(event)), nextCursor: page.nextCursor };
    },
  };
}
