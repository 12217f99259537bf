/**
 * @exai/storage/supabase — every export of this file is public API.
 *
 * The Supabase SessionStore adapter (RPC-only, through supabase-js) and the migration chain whose
 * SQL functions it calls.
 */
export { createSupabaseSessionStore } from './supabase-session-store.js';
export type {
  AnySupabaseClient,
  SupabaseSessionStore,
  SupabaseSessionStoreOptions,
} from './supabase-session-store-options.js';
export {
  mapSupabaseRpcError,
  type PostgrestErrorLike,
  type RpcErrorContext,
} from './map-supabase-rpc-error.js';
export {
  apiKeyUseRpcFunctions,
  commitTurnRpcFunctions,
  rpcFunctions,
  serviceRpcFunctions,
  supabaseApiKeyUseMigration,
  supabaseCommitTurnMigration,
  supabaseMigrations,
  supabaseRpcMigration,
  userRpcFunctions,
  type RpcFunctionName,
} from './migrations/index.js';
