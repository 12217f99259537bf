export { openMigrationTarget, type MigrationTarget } from './open-migration-target.js';
export { openSessionStore, type OpenSessionStoreOptions } from './open-session-store.js';
export { describeStoreSpec, parseStoreSpec, type StoreSpec } from './parse-store-spec.js';
export { requireExistingStore, type ExistingStoreOptions } from './require-existing-store.js';
