/**
 * @exai/storage/sqlite — every export of this file is public API.
 *
 * The default session store: a SQLite file (better-sqlite3, WAL) in the user's data directory.
 */
export { createSqliteSessionStore, type SqliteSessionStoreOptions } from './create-sqlite-session-store.js';
export type { SqliteSessionStore } from './sqlite-session-store.js';
export { defaultSqlitePath } from './default-sqlite-path.js';
export { openSqliteDatabase, type OpenSqliteDatabaseOptions } from './open-sqlite-database.js';
export { sqliteMigrationDriver, type SqliteMigrationDriverOptions } from './sqlite-migration-driver.js';
export { sqliteMigrations } from './sqlite-migrations.js';
export { loadBetterSqlite3, type LoadBetterSqlite3Options } from './load-better-sqlite3.js';
export { SqliteDriverUnavailableError } from './sqlite-driver-unavailable-error.js';
