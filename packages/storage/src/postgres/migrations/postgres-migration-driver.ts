import type pg from 'pg';
import type { AppliedMigration, Migration, MigrationDriver } from '../../migrations/index.js';
import { quoteIdentifier } from '../quote-identifier.js';
import { createRecordId } from '@exai/core/internal';

interface MigrationRow {
  version: number;
  name: string;
  checksum: string;
  applied_at: Date;
}

/**
 * Runs the migration chain on PostgreSQL in `schema` (created when missing). Works with any pool:
 * every step sets its own `search_path`. The lock is a session-level advisory lock held on one
 * dedicated connection, so migrate over a direct (or session-mode pooler) connection, not through
 * a transaction-mode pooler.
 */
export function postgresMigrationDriver(pool: pg.Pool, schema: string): MigrationDriver {
  const quotedSchema = quoteIdentifier(schema);
  const table = `${quotedSchema}.exai_migrations`;
  const lockKey = `exai_migrations:${schema}`;

  /** While the lock is held, every step runs on the lock's own connection (so a pool of one suffices). */
  let lockClient: pg.PoolClient | undefined;
  const queryable = (): pg.Pool | pg.PoolClient => lockClient ?? pool;

  const tableExists = async (): Promise<boolean> => {
    const result = await queryable().query<{ table: string | null }>(
      'select to_regclass($1)::text as table',
      [table],
    );
    return result.rows[0]?.table != null;
  };

  /** Runs `fn` in one transaction, on the lock's connection during a run, else on one of its own. */
  const inTransaction = async (fn: (client: pg.PoolClient) => Promise<void>): Promise<void> => {
    const ownClient = lockClient === undefined ? await pool.connect() : undefined;
    const client = lockClient ?? ownClient!;
    let failure: unknown;
    try {
      await client.query('begin');
      await fn(client);
      await client.query('commit');
    } catch (error) {
      failure = error;
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      ownClient?.release(failure !== undefined);
    }
  };

  return {
    dialect: 'postgres',

    async withLock<T>(fn: () => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        // Waiting for another migrator, and long steps, must not hit the pool's statement timeout.
        await client.query('set statement_timeout = 0');
        await client.query('select pg_advisory_lock(hashtextextended($1, 0))', [lockKey]);
        lockClient = client;
        try {
          return await fn();
        } finally {
          lockClient = undefined;
          await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', [lockKey]);
        }
      } finally {
        // Never reused: the connection carries session settings (and closing it frees the lock).
        client.release(true);
      }
    },

    async ensureMigrationsTable(): Promise<void> {
      const schemaRow = await queryable().query('select 1 from pg_namespace where nspname = $1', [schema]);
      if (schemaRow.rowCount === 0) await queryable().query(`create schema if not exists ${quotedSchema}`);
      if (await tableExists()) return;
      await queryable().query(
        `create table if not exists ${table} (
          version integer primary key,
          name text not null,
          checksum text not null,
          applied_at timestamptz not null default now()
        )`,
      );
    },

    async listApplied(): Promise<AppliedMigration[]> {
      if (!(await tableExists())) return [];
      const result = await queryable().query<MigrationRow>(
        `select version, name, checksum, applied_at from ${table} order by version`,
      );
      return result.rows.map((row) => ({
        version: row.version,
        name: row.name,
        checksum: row.checksum,
        appliedAt: row.applied_at,
      }));
    },

    async appendAudit({ tenantId, actor, action, target, detail }): Promise<void> {
      await inTransaction(async (client) => {
        await client.query(
          `insert into ${quotedSchema}.tenants (id, name) values ($1, $1) on conflict (id) do nothing`,
          [tenantId],
        );
        await client.query(
          `insert into ${quotedSchema}.audit_events (tenant_id, id, actor, action, target, detail)
           values ($1, $2, $3, $4, $5, $6)`,
          [tenantId, createRecordId(), actor, action, target, detail],
        );
      });
    },

    async apply(migration: Migration, direction: 'up' | 'down', checksum: string): Promise<void> {
      await inTransaction(async (client) => {
        await client.query(`set local search_path to ${quotedSchema}`);
        await client.query('set local statement_timeout = 0');
        await client.query(direction === 'up' ? migration.up : migration.down);
        if (direction === 'up') {
          await client.query(`insert into ${table} (version, name, checksum) values ($1, $2, $3)`, [
            migration.version,
            migration.name,
            checksum,
          ]);
        } else {
          await client.query(`delete from ${table} where version = $1`, [migration.version]);
        }
      });
    },
  };
}
