import type { CreateTenantInput, TenantId, TenantRecord } from '@exai/core';
import { withConstraintErrors } from './map-constraint-error.js';
import { jsonObject, type StoreContext } from './store-context.js';

export interface TenantRow {
  id: string;
  name: string;
  created_at: Date;
  disabled: boolean;
  settings: unknown;
}

export const tenantColumns = 'id, name, created_at, disabled, settings';

export function mapTenantRow(row: TenantRow): TenantRecord {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    disabled: row.disabled,
    settings: jsonObject(row.settings),
  };
}

export async function createTenant(context: StoreContext, input: CreateTenantInput): Promise<TenantRecord> {
  const result = await withConstraintErrors({ exists: { recordType: 'tenant', recordId: input.id } }, () =>
    context.executor.query<TenantRow>(
      `insert into tenants (id, name, created_at, settings) values ($1, $2, $3, $4)
       returning ${tenantColumns}`,
      [input.id, input.name ?? input.id, context.now(), input.settings ?? {}],
    ),
  );
  return mapTenantRow(result.rows[0]!);
}

export async function getTenant(
  context: StoreContext,
  tenantId: TenantId,
): Promise<TenantRecord | undefined> {
  const result = await context.executor.query<TenantRow>(
    `select ${tenantColumns} from tenants where id = $1`,
    [tenantId],
    {
      idempotent: true,
    },
  );
  const row = result.rows[0];
  return row === undefined ? undefined : mapTenantRow(row);
}

export async function listTenants(context: StoreContext): Promise<TenantRecord[]> {
  const result = await context.executor.query<TenantRow>(
    `select ${tenantColumns} from tenants order by created_at, id`,
    [],
    {
      idempotent: true,
    },
  );
  return result.rows.map(mapTenantRow);
}
