import type pg from 'pg';
import { isQueryReadTimeout, isTransientPostgresError } from './classify-postgres-error.js';

/**
 * Where an attempt was when it failed. Nothing was applied by a failure while connecting or
 * inside BEGIN…COMMIT (the server rolls back); after an autocommit statement was sent, or while
 * committing, the outcome is unknown.
 */
export type AttemptPhase = 'connect' | 'statement' | 'transaction' | 'commit';
export interface AttemptState {
  phase: AttemptPhase;
}
export type AttemptWork<T> = (client: pg.PoolClient, state: AttemptState) => Promise<T>;

/** Listens for socket errors on a checked-out connection (unhandled, they would crash the process). */
export function guardConnection(client: pg.PoolClient): {
  markBroken(error: unknown): void;
  /** Stops listening (the caller keeps the connection). */
  stop(): void;
  /** Stops listening and gives the connection back, destroying it when it broke. */
  release(): void;
} {
  let brokenBy: unknown;
  const onError = (error: unknown): void => void (brokenBy ??= error);
  client.on('error', onError);
  return {
    markBroken: onError,
    stop: () => void client.removeListener('error', onError),
    release() {
      client.removeListener('error', onError);
      client.release(brokenBy === undefined ? undefined : true);
    },
  };
}

/**
 * One attempt: a connection from the pool, `work` on it, the connection back (destroyed when it
 * broke or the client gave up waiting for a statement; rolled back first when a transaction was
 * open). With `keepClient`, a successful attempt keeps the connection for the caller.
 */
export async function runPooledAttempt<T>(
  pool: pg.Pool,
  work: AttemptWork<T>,
  state: AttemptState,
  {
    keepClient = false,
    onConnectFailure,
  }: { keepClient?: boolean; onConnectFailure: (error: unknown) => void },
): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    onConnectFailure(error);
    throw error;
  }
  const guard = guardConnection(client);
  let kept = false;
  try {
    const result = await work(client, state);
    kept = keepClient;
    return result;
  } catch (error) {
    if (state.phase === 'transaction' || state.phase === 'commit') {
      await client.query('rollback').catch(guard.markBroken);
    }
    if (isTransientPostgresError(error) || isQueryReadTimeout(error)) guard.markBroken(error);
    throw error;
  } finally {
    if (kept) guard.stop();
    else guard.release();
  }
}
