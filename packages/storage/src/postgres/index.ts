/**
 * @exai/storage/postgres — every export of this file is public API.
 *
 * The PostgreSQL SessionStore adapter (any PostgreSQL, including a Supabase project's connection
 * string), its migration chain and its migration driver.
 */
export { createPostgresSessionStore } from './create-postgres-session-store.js';
export type {
  PostgresPoolOptions,
  PostgresSessionStore,
  PostgresSessionStoreOptions,
} from './postgres-session-store-options.js';
export type {
  PostgresBreakerSettings,
  PostgresCircuitState,
  PostgresPoolMode,
  PostgresRetrySettings,
  PostgresStoreEvent,
} from './executor/postgres-executor-settings.js';
export { postgresInitialMigration, postgresMigrations } from './migrations/index.js';
export { postgresMigrationDriver } from './migrations/postgres-migration-driver.js';
