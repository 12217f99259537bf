import type { Migration } from '../../migrations/index.js';
import { postgresInitialMigration } from '../../postgres/migrations/index.js';
import { supabaseRpcMigration } from './0002-rpc-functions.js';
import { supabaseCommitTurnMigration } from './0003-commit-turn.js';
import { supabaseTasksAndStreamEventsMigration } from './0004-tasks-and-stream-events.js';

export { supabaseRpcMigration } from './0002-rpc-functions.js';
export { supabaseCommitTurnMigration } from './0003-commit-turn.js';
export { supabaseTasksAndStreamEventsMigration } from './0004-tasks-and-stream-events.js';
export {
  commitTurnRpcFunctions,
  rpcFunctions,
  serviceRpcFunctions,
  storeTables,
  taskRpcFunctions,
  taskUserRpcFunctions,
  userRpcFunctions,
  type RpcFunctionName,
} from './rpc-function-names.js';

/**
 * The chain a Supabase store's schema needs: PostgreSQL's migration 1, the RPC functions, then
 * tasks and stream events with theirs (versions are shared with the PostgreSQL chain).
 */
export const supabaseMigrations: readonly Migration[] = [
  postgresInitialMigration,
  supabaseRpcMigration,
  supabaseCommitTurnMigration,
  supabaseTasksAndStreamEventsMigration,
];
