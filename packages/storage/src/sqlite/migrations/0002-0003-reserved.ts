import type { Migration } from '../../migrations/index.js';

/**
 * Versions are numbered once across the SQL dialects (see docs/decisions/0017-one-migration-numbering.md):
 * migrations 2 and 3 are the Supabase RPC functions, which SQLite has no use for, so here they
 * change nothing and keep the SQLite chain gap-free.
 */
function reserved(version: number, name: string): Migration {
  return { version, name, up: 'SELECT 1;', down: 'SELECT 1;' };
}

export const migration0002Reserved = reserved(2, 'reserved-supabase-rpc-functions');
export const migration0003Reserved = reserved(3, 'reserved-supabase-commit-turn');
