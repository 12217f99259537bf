/**
 * @exai/storage — every export of this file is public API.
 *
 * Opening a store from a spec (`EXAI_STORE`), migrations, portable backups and consistency checks.
 * The adapters themselves are subpaths, loaded only when used: `@exai/storage/sqlite`,
 * `@exai/storage/postgres`, `@exai/storage/supabase`.
 */
export * from './backup/index.js';
export {
  checkMigrations,
  checkStore,
  type CheckStoreOptions,
  type CheckStoreResult,
  type StoreFinding,
} from './check/check-store.js';
export * from './open/index.js';
export { SqliteDriverUnavailableError } from './sqlite/sqlite-driver-unavailable-error.js';
export {
  nearestExistingPath,
  sqlitePathProblem,
  type SqlitePathProblem,
} from './sqlite/sqlite-path-problem.js';
export {
  assertMigrationsCurrent,
  listMigrations,
  migrate,
  migrationChecksum,
  migrationStatus,
  sortMigrations,
  MigrationChecksumError,
  MigrationFailedError,
  MigrationPendingError,
  MigrationOtherStoreError,
  MigrationUnknownVersionError,
  type AppliedMigration,
  type MigrateOptions,
  type MigrateResult,
  type Migration,
  type MigrationAuditEvent,
  type MigrationCheckOptions,
  type MigrationDriver,
  type MigrationList,
  type MigrationListing,
  type MigrationProgressEvent,
  type MigrationStatus,
  type OtherStoreMigrations,
  type StoreMigrationChain,
} from './migrations/index.js';
