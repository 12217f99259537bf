import type { SessionStoreV1 } from '@exai/core';
import type { StoreSpec } from './parse-store-spec.js';
import { requireExistingStore, type ExistingStoreOptions } from './require-existing-store.js';

export interface OpenSessionStoreOptions extends ExistingStoreOptions {
  /**
   * Apply pending migrations when opening (default true, except for PostgreSQL behind a
   * transaction-mode pooler, which cannot migrate: there the schema must already be current).
   */
  migrate?: boolean;
}

/**
 * Opens the store a spec names. Each adapter is loaded only when chosen, so the SQLite driver,
 * `pg` or supabase-js are never loaded for a store that does not use them.
 */
export async function openSessionStore(
  spec: StoreSpec,
  { migrate, mustExist, source }: OpenSessionStoreOptions = {},
): Promise<SessionStoreV1> {
  requireExistingStore(spec, { mustExist, source });
  switch (spec.kind) {
    case 'memory': {
      const { createMemorySessionStore } = await import('@exai/core');
      return createMemorySessionStore();
    }
    case 'sqlite': {
      const { createSqliteSessionStore } = await import('../sqlite/index.js');
      return createSqliteSessionStore({ path: spec.path, migrate: migrate ?? true });
    }
    case 'postgres': {
      const { createPostgresSessionStore } = await import('../postgres/index.js');
      // A schema the Supabase chain migrated is named as such, not taken for a newer exai's.
      const { supabaseMigrationChain } = await import('../supabase/migrations/index.js');
      return createPostgresSessionStore({
        connectionString: spec.connectionString,
        poolMode: spec.poolMode,
        migrate,
        otherMigrationChains: [supabaseMigrationChain],
      });
    }
    case 'supabase': {
      const { createSupabaseSessionStore } = await import('../supabase/index.js');
      return createSupabaseSessionStore({ url: spec.url, key: spec.key });
    }
  }
}
