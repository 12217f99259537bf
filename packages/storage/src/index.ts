/**
 * @exai/storage — every export of this file is public API.
 *
 * The SQLite, Postgres and Supabase adapters of the SessionStore contract land here;
 * this release ships the package shell only.
 */
export const STORAGE_PACKAGE_VERSION = '0.1.0';
