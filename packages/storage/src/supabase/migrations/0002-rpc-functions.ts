import type { Migration } from '../../migrations/index.js';
import { rpcBackupSql } from './rpc-backup-sql.js';
import { rpcHelpersSql } from './rpc-helpers-sql.js';
import { rpcRecordsSql } from './rpc-records-sql.js';
import { rpcRolesSql } from './rpc-roles-sql.js';
import { rpcDownSql, rpcSecuritySql } from './rpc-security-sql.js';
import { rpcTenantsSql } from './rpc-tenants-sql.js';
import { rpcThreadsSql } from './rpc-threads-sql.js';

/**
 * Migration 2 of the PostgreSQL chain, for stores reached through Supabase: one SQL function per
 * SessionStore operation, callable over PostgREST's `/rest/v1/rpc`, with the tables closed to the
 * API roles and row-level security applying to everything the functions do (see
 * rpc-security-sql.ts for the model). Like migration 1 it names no schema: it runs with
 * `search_path` set to the store's schema.
 */
export const supabaseRpcMigration: Migration = {
  version: 2,
  name: 'rpc-functions',
  up: [
    rpcRolesSql,
    rpcHelpersSql,
    rpcTenantsSql,
    rpcThreadsSql,
    rpcRecordsSql,
    rpcBackupSql,
    rpcSecuritySql(),
  ].join('\n'),
  down: rpcDownSql(),
};
