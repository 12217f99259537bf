import type { Migration, StoreMigrationChain } from '../../migrations/index.js';
import { postgresInitialMigration } from './0001-initial.js';
import { postgresReserved2Migration, postgresReserved3Migration } from './0002-0003-reserved.js';
import { postgresTasksAndStreamEventsMigration } from './0004-tasks-and-stream-events.js';

export { postgresInitialMigration } from './0001-initial.js';
export {
  postgresTasksAndStreamEventsMigration,
  tasksAndStreamEventsDownSql,
  tasksAndStreamEventsTablesSql,
} from './0004-tasks-and-stream-events.js';

/**
 * The PostgreSQL migration chain, lowest version first. Versions are shared with the Supabase
 * chain: 2 and 3 (its RPC functions) are no-ops here, 4 adds tasks and stream events.
 */
export const postgresMigrations: readonly Migration[] = [
  postgresInitialMigration,
  postgresReserved2Migration,
  postgresReserved3Migration,
  postgresTasksAndStreamEventsMigration,
];

/** The PostgreSQL store's chain, for telling its schemas apart from the Supabase store's. */
export const postgresMigrationChain: StoreMigrationChain = {
  store: 'postgres',
  storeName: 'PostgreSQL',
  howToOpen: 'EXAI_STORE set to its connection string (postgres://…)',
  migrations: postgresMigrations,
};
