import type { Migration } from '../../migrations/index.js';
import { postgresMigrations } from '../../postgres/migrations/index.js';
import { supabaseRpcMigration } from './0002-rpc-functions.js';
import { supabaseCommitTurnMigration } from './0003-commit-turn.js';
import { supabaseApiKeyUseMigration } from './0004-api-key-use.js';
import { supabaseTenantDataMigration } from './0005-tenant-data.js';

export { supabaseRpcMigration } from './0002-rpc-functions.js';
export { supabaseCommitTurnMigration } from './0003-commit-turn.js';
export { supabaseApiKeyUseMigration } from './0004-api-key-use.js';
export { supabaseTenantDataMigration } from './0005-tenant-data.js';
export {
  apiKeyUseRpcFunctions,
  commitTurnRpcFunctions,
  tenantDataRpcFunctions,
  rpcFunctions,
  serviceRpcFunctions,
  storeTables,
  userRpcFunctions,
  type RpcFunctionName,
} from './rpc-function-names.js';

/** The chain a Supabase store's schema needs: PostgreSQL's migrations, then the RPC functions. */
export const supabaseMigrations: readonly Migration[] = [
  ...postgresMigrations,
  supabaseRpcMigration,
  supabaseCommitTurnMigration,
  supabaseApiKeyUseMigration,
  supabaseTenantDataMigration,
];
