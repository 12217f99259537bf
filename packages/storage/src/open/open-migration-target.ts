import { InvalidConfigError } from '@exai/core';
import type { Migration, MigrationDriver, StoreMigrationChain } from '../migrations/index.js';
import { transactionPoolerMigrationReason } from '../postgres/postgres-pool-mode.js';
import type { StoreSpec } from './parse-store-spec.js';
import { requireExistingStore, type ExistingStoreOptions } from './require-existing-store.js';

/** A database to run `exai migrate` against: its driver, its migration chain, and how to let go. */
export interface MigrationTarget {
  driver: MigrationDriver;
  migrations: readonly Migration[];
  /**
   * The chains of the other stores on the same dialect (PostgreSQL's for a Supabase target and the
   * reverse), to pass as `otherChains`: a schema one of them migrated is then reported as such.
   */
  otherChains: readonly StoreMigrationChain[];
  close(): Promise<void>;
}

/**
 * The migration target of a store. SQLite and PostgreSQL migrate over their own connection. The
 * Supabase store talks only to the RPC endpoint, so its migrations need the project's direct
 * PostgreSQL connection string, from `SUPABASE_DB_URL`.
 */
export async function openMigrationTarget(
  spec: StoreSpec,
  {
    env = process.env,
    mustExist,
    source,
  }: { env?: Record<string, string | undefined> } & ExistingStoreOptions = {},
): Promise<MigrationTarget> {
  requireExistingStore(spec, { mustExist, source });
  switch (spec.kind) {
    case 'memory':
      throw new InvalidConfigError({
        source: source ?? 'EXAI_STORE',
        issues: ['the memory store has no schema to migrate; pick sqlite, postgres or supabase'],
      });
    case 'sqlite': {
      const { openSqliteDatabase, sqliteMigrationDriver, sqliteMigrations } =
        await import('../sqlite/index.js');
      const database = openSqliteDatabase({ path: spec.path });
      return {
        driver: sqliteMigrationDriver(database),
        migrations: sqliteMigrations,
        otherChains: [],
        close: async () => void database.close(),
      };
    }
    case 'postgres':
    case 'supabase': {
      const connectionString = spec.kind === 'postgres' ? spec.connectionString : env.SUPABASE_DB_URL?.trim();
      if (!connectionString) {
        throw new InvalidConfigError({
          source: 'SUPABASE_DB_URL',
          issues: [
            "the supabase store's migrations run over a direct PostgreSQL connection: set SUPABASE_DB_URL to the project's connection string (Project settings → Database)",
          ],
        });
      }
      if (spec.kind === 'postgres' && spec.poolMode === 'transaction') {
        throw new InvalidConfigError({
          source: 'EXAI_PG_POOL_MODE',
          issues: [
            `migrations cannot run through a transaction-mode pooler: ${transactionPoolerMigrationReason}; ` +
              'run them against the direct connection (or the session-mode pooler), with EXAI_PG_POOL_MODE unset',
          ],
        });
      }
      const { postgresMigrationDriver } = await import('../postgres/index.js');
      const { postgresMigrationChain } = await import('../postgres/migrations/index.js');
      const { supabaseMigrationChain } = await import('../supabase/migrations/index.js');
      const { createPostgresPool } = await import('../postgres/create-postgres-pool.js');
      const [own, other] =
        spec.kind === 'supabase'
          ? [supabaseMigrationChain, postgresMigrationChain]
          : [postgresMigrationChain, supabaseMigrationChain];
      const pool = createPostgresPool({
        connectionString,
        schema: 'public',
        statementTimeoutInMs: 0,
        pool: { max: 2 },
      });
      // An idle connection the server closes (a restart, a dropped database) must not crash the process.
      pool.on('error', () => undefined);
      return {
        driver: postgresMigrationDriver(pool, 'public'),
        migrations: own.migrations,
        otherChains: [other],
        close: () => pool.end(),
      };
    }
  }
}
