import { AUTOMATIC_MIGRATION_AUDIT, assertMigrationsCurrent, migrate } from '../migrations/index.js';
import { createPostgresPool } from './create-postgres-pool.js';
import { describePostgresTarget } from './executor/describe-postgres-target.js';
import { createPostgresExecutor } from './executor/postgres-executor.js';
import { defaultPostgresBreaker, defaultPostgresRetry } from './executor/postgres-executor-settings.js';
import { postgresMigrations } from './migrations/index.js';
import { postgresMigrationDriver } from './migrations/postgres-migration-driver.js';
import { buildPostgresSessionStore } from './postgres-session-store.js';
import { assertPoolModeOptions } from './postgres-pool-mode.js';
import type { PostgresSessionStore, PostgresSessionStoreOptions } from './postgres-session-store-options.js';
import { assertSchemaName } from './quote-identifier.js';

/**
 * Opens a SessionStore on PostgreSQL: a pool, the migrations (applied under an advisory lock, or
 * checked when `migrate: false`), retries of transient failures and a circuit breaker. A server
 * that cannot be reached makes this throw `StoreUnavailableError`. Behind a transaction-mode
 * pooler (`poolMode: 'transaction'`) the schema must be `public` and migrations are only checked.
 */
export async function createPostgresSessionStore({
  connectionString,
  schema = 'public',
  pool: poolOptions,
  statementTimeoutInMs = 10_000,
  poolMode = 'session',
  migrate: shouldMigrate = poolMode !== 'transaction',
  migrations = postgresMigrations,
  otherMigrationChains: otherChains = [],
  now = () => new Date(),
  retry,
  breaker,
  onEvent,
}: PostgresSessionStoreOptions): Promise<PostgresSessionStore> {
  assertSchemaName(schema);
  assertPoolModeOptions({ poolMode, schema, migrate: shouldMigrate });
  const pool = createPostgresPool({
    connectionString,
    schema,
    pool: poolOptions,
    statementTimeoutInMs,
    poolMode,
  });
  // An idle connection that breaks is dropped by the pool; without a listener it would crash the process.
  pool.on('error', (error) => onEvent?.({ type: 'connection-error', error }));
  const executor = createPostgresExecutor({
    pool,
    target: describePostgresTarget(connectionString),
    statementTimeoutInMs,
    poolMode,
    retry: { ...defaultPostgresRetry, ...retry },
    breaker: { ...defaultPostgresBreaker, ...breaker },
    onEvent,
  });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      executor.shutdown();
      await pool.end();
    })();
    return closing;
  };
  try {
    const driver = postgresMigrationDriver(pool, schema);
    if (shouldMigrate) {
      // Recorded like `exai migrate up`; a record that cannot be written (`auditError`) does not
      // keep the store from opening: the run itself is in exai_migrations, with its time.
      await migrate(driver, migrations, {
        direction: 'up',
        audit: AUTOMATIC_MIGRATION_AUDIT,
        onProgress: (event) => onEvent?.({ type: 'migration', ...event }),
        otherChains,
      });
    } else {
      await assertMigrationsCurrent(driver, migrations, { otherChains });
    }
  } catch (error) {
    await close().catch(() => undefined);
    throw executor.toStoreError(error);
  }
  return buildPostgresSessionStore({ executor, now, schema, close });
}
