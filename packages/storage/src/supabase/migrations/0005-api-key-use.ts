import type { Migration } from '../../migrations/index.js';
import { rpcApiKeyUseDownSql, rpcApiKeyUseSql } from './rpc-api-key-use-sql.js';

/**
 * Migration 5 of the Supabase chain: `exai_mark_api_keys_used`, which keeps API keys'
 * `lastUsedAt` in one call per batch (the daemon writes about once a minute). Service role only.
 */
export const supabaseApiKeyUseMigration: Migration = {
  version: 5,
  name: 'api-key-use',
  up: rpcApiKeyUseSql,
  down: rpcApiKeyUseDownSql,
};
