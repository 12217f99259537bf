import { RecordExistsError, type CreateTenantInput, type TenantRecord } from '@exai/core';

import { parseJson, toJson, toMs, type SqliteContext } from './sqlite-values.js';

export interface TenantRow {
  id: string;
  name: string;
  created_at: number;
  disabled: number;
  settings: string;
}

export const selectTenantsSql = 'SELECT * FROM tenants ORDER BY created_at, id';

export function toTenantRecord(row: TenantRow): TenantRecord {
  return {
    id: row.id,
    name: row.name,
    createdAt: new Date(row.created_at),
    disabled: row.disabled === 1,
    settings: parseJson(row.settings),
  };
}

export function createTenantQueries({ db, now }: SqliteContext) {
  const insert = db.prepare<[TenantRow]>(
    `INSERT INTO tenants (id, name, created_at, disabled, settings)
     VALUES (@id, @name, @created_at, @disabled, @settings) ON CONFLICT DO NOTHING`,
  );
  const get = db.prepare<[string], TenantRow>('SELECT * FROM tenants WHERE id = ?');
  const list = db.prepare<[], TenantRow>(selectTenantsSql);
  const exists = db.prepare<[string], number>('SELECT 1 FROM tenants WHERE id = ?').pluck();

  /** Inserts unless the id exists; returns whether it did. */
  const insertRecord = (record: TenantRecord): boolean =>
    insert.run({
      id: record.id,
      name: record.name,
      created_at: toMs(record.createdAt, 'createdAt'),
      disabled: record.disabled ? 1 : 0,
      settings: toJson(record.settings, {}),
    }).changes > 0;

  return {
    create(input: CreateTenantInput): TenantRecord {
      const id = input.id;
      const record: TenantRecord = {
        id,
        name: input.name ?? id,
        createdAt: now(),
        disabled: false,
        settings: input.settings ?? {},
      };
      if (!insertRecord(record)) throw new RecordExistsError({ recordType: 'tenant', recordId: id });
      return record;
    },
    get(tenantId: string): TenantRecord | undefined {
      const row = get.get(tenantId);
      return row === undefined ? undefined : toTenantRecord(row);
    },
    list: (): TenantRecord[] => list.all().map(toTenantRecord),
    exists: (tenantId: string): boolean => exists.get(tenantId) !== undefined,
    insertRecord,
  };
}

export type TenantQueries = ReturnType<typeof createTenantQueries>;
