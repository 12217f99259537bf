import { randomUUID } from 'node:crypto';
import type { ApiKeyRecord, CreateApiKeyInput, TenantId } from '@exai/core';
import { withConstraintErrors } from './map-constraint-error.js';
import { optionalDate, type StoreContext } from './store-context.js';

export interface ApiKeyRow {
  id: string;
  tenant_id: string;
  name: string;
  prefix: string;
  hash: string;
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

export const apiKeyColumns = 'id, tenant_id, name, prefix, hash, created_at, revoked_at, last_used_at';

export function mapApiKeyRow(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    prefix: row.prefix,
    hash: row.hash,
    createdAt: row.created_at,
    revokedAt: optionalDate(row.revoked_at),
    lastUsedAt: optionalDate(row.last_used_at),
  };
}

export async function createApiKey(context: StoreContext, input: CreateApiKeyInput): Promise<ApiKeyRecord> {
  const id = input.id ?? randomUUID();
  const constraints = {
    exists: { recordType: 'api-key', recordId: id },
    parent: { recordType: 'tenant', recordId: input.tenantId },
  };
  const result = await withConstraintErrors(constraints, () =>
    context.executor.query<ApiKeyRow>(
      `insert into api_keys (id, tenant_id, name, prefix, hash, created_at) values ($1, $2, $3, $4, $5, $6)
       returning ${apiKeyColumns}`,
      [id, input.tenantId, input.name, input.prefix, input.hash, context.now()],
    ),
  );
  return mapApiKeyRow(result.rows[0]!);
}

export async function findApiKeyByHash(
  context: StoreContext,
  hash: string,
): Promise<ApiKeyRecord | undefined> {
  const result = await context.executor.query<ApiKeyRow>(
    `select ${apiKeyColumns} from api_keys where hash = $1`,
    [hash],
    {
      idempotent: true,
    },
  );
  const row = result.rows[0];
  return row === undefined ? undefined : mapApiKeyRow(row);
}

export async function listApiKeys(context: StoreContext, tenantId: TenantId): Promise<ApiKeyRecord[]> {
  const result = await context.executor.query<ApiKeyRow>(
    `select ${apiKeyColumns} from api_keys where tenant_id = $1 order by created_at, id`,
    [tenantId],
    { idempotent: true },
  );
  return result.rows.map(mapApiKeyRow);
}

/** Returns whether the key exists; a key revoked before keeps its first revocation time. */
export async function revokeApiKey(context: StoreContext, tenantId: TenantId, id: string): Promise<boolean> {
  const result = await context.executor.query(
    'update api_keys set revoked_at = coalesce(revoked_at, $3) where tenant_id = $1 and id = $2',
    [tenantId, id, context.now()],
    { idempotent: true },
  );
  return (result.rowCount ?? 0) > 0;
}

/** Sets `last_used_at` of the keys named, in any tenant, unless it is later already. */
export async function markApiKeysUsed(
  context: StoreContext,
  ids: readonly string[],
  usedAt: Date,
): Promise<void> {
  if (ids.length === 0) return;
  await context.executor.query(
    `update api_keys set last_used_at = $2
     where id = any($1::text[]) and (last_used_at is null or last_used_at < $2)`,
    [[...ids], usedAt],
    { idempotent: true },
  );
}
