import {
  RecordExistsError,
  RecordNotFoundError,
  type AppendAuditInput,
  type AuditEventRecord,
  type ListAuditOptions,
  type Page,
} from '@exai/core';

import { decodeCursor, pageLimit, toPage } from './sqlite-page.js';
import type { TenantQueries } from './sqlite-tenants.js';
import { orNull, parseJson, toJson, toMs, type SqliteContext } from './sqlite-values.js';
import { createRecordId } from '@exai/core/internal';

export interface AuditRow {
  tenant_id: string;
  id: string;
  at: number;
  actor: string | null;
  action: string;
  target: string | null;
  detail: string;
}

export const selectAuditSql = 'SELECT * FROM audit_events ORDER BY tenant_id, at, id';

export function toAuditRecord(row: AuditRow): AuditEventRecord {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    at: new Date(row.at),
    actor: row.actor ?? undefined,
    action: row.action,
    target: row.target ?? undefined,
    detail: parseJson(row.detail),
  };
}

interface ListParameters {
  tenantId: string;
  action: string | null;
  cursorAt: number | null;
  cursorId: string | null;
  limit: number;
}

export function createAuditQueries({ db, now }: SqliteContext, tenants: TenantQueries) {
  const insert = db.prepare<[AuditRow]>(
    `INSERT INTO audit_events (tenant_id, id, at, actor, action, target, detail)
     VALUES (@tenant_id, @id, @at, @actor, @action, @target, @detail) ON CONFLICT DO NOTHING`,
  );
  const list = db.prepare<[ListParameters], AuditRow>(
    `SELECT * FROM audit_events WHERE tenant_id = @tenantId AND (@action IS NULL OR action = @action)
       AND (@cursorAt IS NULL OR at < @cursorAt OR (at = @cursorAt AND id < @cursorId))
     ORDER BY at DESC, id DESC LIMIT @limit`,
  );

  /** Inserts unless the key exists; returns whether it did. */
  const insertRecord = (record: AuditEventRecord): boolean =>
    insert.run({
      tenant_id: record.tenantId,
      id: record.id,
      at: toMs(record.at, 'at'),
      actor: orNull(record.actor),
      action: record.action,
      target: orNull(record.target),
      detail: toJson(record.detail, {}),
    }).changes > 0;

  return {
    append: db.transaction((input: AppendAuditInput): AuditEventRecord => {
      const record: AuditEventRecord = {
        tenantId: input.tenantId,
        id: input.id ?? createRecordId(),
        at: input.at ?? now(),
        actor: input.actor,
        action: input.action,
        target: input.target,
        detail: input.detail ?? {},
      };
      if (!tenants.exists(record.tenantId)) {
        throw new RecordNotFoundError({ recordType: 'tenant', recordId: record.tenantId });
      }
      if (!insertRecord(record))
        throw new RecordExistsError({ recordType: 'audit-event', recordId: record.id });
      return record;
    }).immediate,
    list(tenantId: string, options: ListAuditOptions = {}): Page<AuditEventRecord> {
      const limit = pageLimit(options.limit);
      const [cursorAt, cursorId] = (decodeCursor(options.cursor, ['number', 'string']) ?? [null, null]) as [
        number | null,
        string | null,
      ];
      const rows = list.all({
        tenantId: tenantId,
        action: options.action === undefined ? null : options.action,
        cursorAt,
        cursorId,
        limit: limit + 1,
      });
      return toPage(rows, limit, toAuditRecord, (row) => [row.at, row.id]);
    },
    insertRecord,
  };
}
