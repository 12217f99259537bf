import type { Migration } from '../../migrations/index.js';
import { rpcCommitTurnDownSql, rpcCommitTurnSql } from './rpc-commit-turn-sql.js';

/**
 * Migration 3 of the Supabase chain: `exai_commit_turn`, which stores a finished model turn
 * (thread, both turns, usage, audit) in one call and one transaction. Owned by `exai_rpc_owner`
 * and callable by the service role only, like the other functions that write usage and audit.
 */
export const supabaseCommitTurnMigration: Migration = {
  version: 3,
  name: 'commit-turn',
  up: rpcCommitTurnSql,
  down: rpcCommitTurnDownSql,
};
