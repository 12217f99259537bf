import { randomUUID } from 'node:crypto';

import {
  RecordExistsError,
  RecordNotFoundError,
  type ApiKeyRecord,
  type CreateApiKeyInput,
} from '@exai/core';

import type { TenantQueries } from './sqlite-tenants.js';
import { fromOptionalMs, toMs, toOptionalMs, type SqliteContext } from './sqlite-values.js';

export interface ApiKeyRow {
  id: string;
  tenant_id: string;
  name: string;
  prefix: string;
  hash: string;
  created_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
}

export const selectApiKeysSql = 'SELECT * FROM api_keys ORDER BY tenant_id, created_at, id';

export function toApiKeyRecord(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    prefix: row.prefix,
    hash: row.hash,
    createdAt: new Date(row.created_at),
    revokedAt: fromOptionalMs(row.revoked_at),
    lastUsedAt: fromOptionalMs(row.last_used_at),
  };
}

export function createApiKeyQueries({ db, now }: SqliteContext, tenants: TenantQueries) {
  const insert = db.prepare<[ApiKeyRow]>(
    `INSERT INTO api_keys (id, tenant_id, name, prefix, hash, created_at, revoked_at, last_used_at)
     VALUES (@id, @tenant_id, @name, @prefix, @hash, @created_at, @revoked_at, @last_used_at)
     ON CONFLICT (id) DO NOTHING`,
  );
  const hashTaken = db.prepare<[string], number>('SELECT 1 FROM api_keys WHERE hash = ?').pluck();
  const byHash = db.prepare<[string], ApiKeyRow>('SELECT * FROM api_keys WHERE hash = ?');
  const byTenant = db.prepare<[string], ApiKeyRow>(
    'SELECT * FROM api_keys WHERE tenant_id = ? ORDER BY created_at, id',
  );
  const markUsed = db.prepare<[number, string, number]>(
    'UPDATE api_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)',
  );
  const revoke = db.prepare<[number, string, string]>(
    'UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE tenant_id = ? AND id = ?',
  );

  /** Inserts unless the id exists (a taken hash throws); returns whether it did. */
  const insertRecord = (record: ApiKeyRecord): boolean =>
    insert.run({
      id: record.id,
      tenant_id: record.tenantId,
      name: record.name,
      prefix: record.prefix,
      hash: record.hash,
      created_at: toMs(record.createdAt, 'createdAt'),
      revoked_at: toOptionalMs(record.revokedAt, 'revokedAt'),
      last_used_at: toOptionalMs(record.lastUsedAt, 'lastUsedAt'),
    }).changes > 0;

  return {
    create: db.transaction((input: CreateApiKeyInput): ApiKeyRecord => {
      const record: ApiKeyRecord = {
        id: input.id ?? randomUUID(),
        tenantId: input.tenantId,
        name: input.name,
        prefix: input.prefix,
        hash: input.hash,
        createdAt: now(),
        revokedAt: undefined,
        lastUsedAt: undefined,
      };
      if (!tenants.exists(record.tenantId)) {
        throw new RecordNotFoundError({ recordType: 'tenant', recordId: record.tenantId });
      }
      if (hashTaken.get(record.hash) !== undefined) {
        throw new RecordExistsError({ recordType: 'api-key hash', recordId: record.hash });
      }
      if (!insertRecord(record)) throw new RecordExistsError({ recordType: 'api-key', recordId: record.id });
      return record;
    }).immediate,
    findByHash(hash: string): ApiKeyRecord | undefined {
      const row = byHash.get(hash);
      return row === undefined ? undefined : toApiKeyRecord(row);
    },
    list: (tenantId: string): ApiKeyRecord[] => byTenant.all(tenantId).map(toApiKeyRecord),
    /** Marks the key revoked (keeping the first revocation time); returns whether it exists. */
    revoke: (tenantId: string, id: string): boolean => revoke.run(now().getTime(), tenantId, id).changes > 0,
    /** Sets `last_used_at` of the keys named, in any tenant, unless it is later already. */
    markUsed: db.transaction((ids: readonly string[], usedAt: Date): void => {
      const time = toMs(usedAt, 'usedAt');
      for (const id of ids) markUsed.run(time, id, time);
    }).immediate,
    insertRecord,
  };
}
