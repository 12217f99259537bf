import type { Migration } from '../../migrations/index.js';

/**
 * Versions are numbered once across the SQL dialects (see
 * docs/decisions/0017-one-migration-numbering.md): migrations 2 and 3 are the Supabase RPC
 * functions, so on plain PostgreSQL they change nothing and keep the chain gap-free.
 */
function reserved(version: number, name: string): Migration {
  return { version, name, up: 'select 1;', down: 'select 1;' };
}

export const postgresReserved2Migration = reserved(2, 'reserved-supabase-rpc-functions');
export const postgresReserved3Migration = reserved(3, 'reserved-supabase-commit-turn');
