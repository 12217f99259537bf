import type Database from 'better-sqlite3';
import { mapSqliteError } from './sqlite-errors.js';

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

interface Waiting {
  work: () => unknown;
  resolve(result: unknown): void;
  reject(error: unknown): void;
}

/**
 * Group commit for the writes a finished call makes (`commitTurn`, and the call's `appendAudit`):
 * the writes queued while a batch waits for the next turn of the event loop share one IMMEDIATE
 * transaction, each in a savepoint of its own (`work` is itself a better-sqlite3 transaction, which
 * runs as a savepoint inside another). A write that fails rolls back only its savepoint and rejects
 * only its caller; the others commit together, so the database pays one lock round and one WAL
 * append per batch instead of one per write. Each write stays all-or-nothing and idempotent, sees
 * the ones batched before it, and its promise resolves only once the batch has committed. If the
 * batch's own COMMIT fails, every write in it is rejected.
 *
 * `run` is the store's runner: it retries the whole batch on timers while another process holds
 * the write lock (BEGIN IMMEDIATE fails before any work, so nothing is applied twice).
 */
export function createSqliteCommitBatcher({
  database,
  run,
}: {
  database: Database.Database;
  run: <T>(work: () => T) => Promise<T>;
}): <T>(work: () => T) => Promise<T> {
  let waiting: Waiting[] = [];
  const commitAll = database.transaction((batch: readonly Waiting[]): Outcome[] =>
    batch.map(({ work }) => {
      try {
        return { ok: true, value: work() };
      } catch (error) {
        return { ok: false, error };
      }
    }),
  ).immediate;

  const flush = () => {
    const batch = waiting;
    waiting = [];
    run(() => commitAll(batch)).then(
      (outcomes) =>
        outcomes.forEach((outcome, index) => {
          const caller = batch[index]!;
          if (outcome.ok) caller.resolve(outcome.value);
          else caller.reject(mapSqliteError(outcome.error));
        }),
      (error: unknown) => {
        for (const caller of batch) caller.reject(error);
      },
    );
  };

  return <T>(work: () => T) =>
    new Promise<T>((resolve, reject) => {
      waiting.push({ work, resolve: resolve as (result: unknown) => void, reject });
      if (waiting.length === 1) setImmediate(flush);
    });
}
