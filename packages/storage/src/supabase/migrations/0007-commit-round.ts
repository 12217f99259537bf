import type { Migration } from '../../migrations/index.js';
import { rpcCommitRoundDownSql, rpcCommitRoundSql } from './rpc-commit-round-sql.js';

/**
 * Migration 7 of the Supabase chain: `exai_commit_turn` takes a whole round (the question and
 * up to fifteen answers, one usage record per model) in its one call and transaction, so a
 * consensus round is stored all together or not at all. See rpc-commit-round-sql.ts.
 */
export const supabaseCommitRoundMigration: Migration = {
  version: 7,
  name: 'commit-round',
  up: rpcCommitRoundSql,
  down: rpcCommitRoundDownSql,
};
