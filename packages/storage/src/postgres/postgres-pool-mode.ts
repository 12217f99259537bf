import { InvalidArgumentError } from '@exai/core';
import type { PostgresPoolMode } from './executor/postgres-executor-settings.js';

/** Why migrations cannot run through a transaction-mode pooler. */
export const transactionPoolerMigrationReason =
  'migrations hold a session-level advisory lock on one connection for the whole run, and a ' +
  'transaction-mode pooler hands that connection to other clients between transactions';

/**
 * Refuses what a transaction-mode pooler cannot do. Its server connections keep no session
 * settings, so the store cannot set `search_path` (its statements name tables without a schema:
 * they find them in `public`), and migrating would take the advisory lock through the pooler.
 */
export function assertPoolModeOptions({
  poolMode,
  schema,
  migrate,
}: {
  poolMode: PostgresPoolMode;
  schema: string;
  migrate: boolean;
}): void {
  if (poolMode !== 'session' && poolMode !== 'transaction') {
    throw new InvalidArgumentError({
      argument: 'poolMode',
      message: `poolMode must be 'session' or 'transaction', not ${JSON.stringify(poolMode)}.`,
    });
  }
  if (poolMode === 'session') return;
  if (schema !== 'public') {
    throw new InvalidArgumentError({
      argument: 'schema',
      message:
        `The schema "${schema}" cannot be used with poolMode: 'transaction': a transaction-mode pooler ` +
        'does not keep the search_path the store sets on its connections, and the store names its tables ' +
        'without a schema, so they must be in `public`. Keep the tables in `public`, or connect directly ' +
        "(or through a session-mode pooler) with poolMode: 'session'.",
    });
  }
  if (migrate) {
    throw new InvalidArgumentError({
      argument: 'migrate',
      message:
        `migrate: true cannot be used with poolMode: 'transaction': ${transactionPoolerMigrationReason}. ` +
        'Run `exai migrate up` against the direct connection (or the session-mode pooler) first, then open ' +
        'this store with migrate: false.',
    });
  }
}
