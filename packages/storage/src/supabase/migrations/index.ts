import type { Migration, StoreMigrationChain } from '../../migrations/index.js';
import { postgresInitialMigration } from '../../postgres/migrations/index.js';
import { supabaseRpcMigration } from './0002-rpc-functions.js';
import { supabaseCommitTurnMigration } from './0003-commit-turn.js';
import { supabaseTasksAndStreamEventsMigration } from './0004-tasks-and-stream-events.js';
import { supabaseApiKeyUseMigration } from './0005-api-key-use.js';
import { supabaseTenantDataMigration } from './0006-tenant-data.js';
import { supabaseCommitRoundMigration } from './0007-commit-round.js';

export { supabaseRpcMigration } from './0002-rpc-functions.js';
export { supabaseCommitTurnMigration } from './0003-commit-turn.js';
export { supabaseTasksAndStreamEventsMigration } from './0004-tasks-and-stream-events.js';
export { supabaseApiKeyUseMigration } from './0005-api-key-use.js';
export { supabaseTenantDataMigration } from './0006-tenant-data.js';
export { supabaseCommitRoundMigration } from './0007-commit-round.js';
export {
  apiKeyUseRpcFunctions,
  commitTurnRpcFunctions,
  tenantDataRpcFunctions,
  rpcFunctions,
  serviceRpcFunctions,
  storeTables,
  taskRpcFunctions,
  taskUserRpcFunctions,
  userRpcFunctions,
  type RpcFunctionName,
} from './rpc-function-names.js';

/**
 * The chain a Supabase store's schema needs: PostgreSQL's migration 1, the RPC functions (2, 3),
 * tasks and stream events with theirs (4), API keys' last use (5), and deleting a tenant's data
 * and retention (6), and a commit of a whole round of answers (7). Versions are shared with the
 * PostgreSQL chain.
 */
export const supabaseMigrations: readonly Migration[] = [
  postgresInitialMigration,
  supabaseRpcMigration,
  supabaseCommitTurnMigration,
  supabaseTasksAndStreamEventsMigration,
  supabaseApiKeyUseMigration,
  supabaseTenantDataMigration,
  supabaseCommitRoundMigration,
];

/** The Supabase store's chain, for telling its schemas apart from the PostgreSQL store's. */
export const supabaseMigrationChain: StoreMigrationChain = {
  store: 'supabase',
  storeName: 'Supabase',
  howToOpen:
    'EXAI_STORE=supabase with SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY, and SUPABASE_DB_URL set to its connection string for exai migrate and exai db check',
  migrations: supabaseMigrations,
};
