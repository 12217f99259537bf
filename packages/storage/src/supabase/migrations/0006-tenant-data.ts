import type { Migration } from '../../migrations/index.js';
import { rpcTenantDataDownSql, rpcTenantDataSql } from './rpc-tenant-data-sql.js';

/**
 * Migration 6 of the Supabase chain: deleting a tenant's data (`exai tenants delete`) and
 * retention (`exai_prune`), for the service role only. See rpc-tenant-data-sql.ts.
 */
export const supabaseTenantDataMigration: Migration = {
  version: 6,
  name: 'tenant-data',
  up: rpcTenantDataSql,
  down: rpcTenantDataDownSql,
};
