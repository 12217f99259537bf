export type {
  AppliedMigration,
  MigrateOptions,
  MigrateResult,
  Migration,
  MigrationAuditEvent,
  MigrationDriver,
  MigrationProgressEvent,
  MigrationStatus,
} from './migration.js';
export { migrationChecksum } from './migration-checksum.js';
export { migrate } from './migrate.js';
export { AUTOMATIC_MIGRATION_AUDIT } from './automatic-migration-audit.js';
export { assertMigrationsCurrent, migrationStatus, type MigrationCheckOptions } from './migration-status.js';
export { listMigrations, type MigrationList, type MigrationListing } from './list-migrations.js';
export { sortMigrations } from './sort-migrations.js';
export { MigrationChecksumError } from './migration-checksum-error.js';
export { MigrationFailedError } from './migration-failed-error.js';
export { MigrationPendingError } from './migration-pending-error.js';
export { MigrationUnknownVersionError } from './migration-unknown-version-error.js';
export { MigrationOtherStoreError } from './migration-other-store-error.js';
export {
  describeMigrationSteps,
  findOtherStoreMigrations,
  type OtherStoreMigrations,
  type StoreMigrationChain,
} from './store-migration-chain.js';
