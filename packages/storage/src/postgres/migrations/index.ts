import type { Migration } from '../../migrations/index.js';
import { postgresInitialMigration } from './0001-initial.js';

export { postgresInitialMigration } from './0001-initial.js';

/**
 * The PostgreSQL migration chain, lowest version first. Later steps (for example the Supabase RPC
 * functions) are added by building a new array: `[...postgresMigrations, migration2]`.
 */
export const postgresMigrations: readonly Migration[] = [postgresInitialMigration];
