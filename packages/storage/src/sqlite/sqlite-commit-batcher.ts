import type Database from 'better-sqlite3';
import type { CommitTurnInput, CommitTurnResult } from '@exai/core';
import { mapSqliteError } from './sqlite-errors.js';

type Outcome = { ok: true; value: CommitTurnResult } | { ok: false; error: unknown };

interface Waiting {
  input: CommitTurnInput;
  resolve(result: CommitTurnResult): void;
  reject(error: unknown): void;
}

/**
 * Group commit for `commitTurn`: the turns committed while a batch waits for the next turn of the
 * event loop share one IMMEDIATE transaction, each in a savepoint of its own (better-sqlite3 makes
 * a nested transaction a savepoint). A commit that fails rolls back only its savepoint and rejects
 * only its caller; the others commit together, so the database pays one lock round and one WAL
 * append per batch instead of one per turn. Each commit stays all-or-nothing and idempotent, and
 * sees the ones batched before it. If the batch's own COMMIT fails, every commit in it is rejected.
 *
 * `run` is the store's runner: it retries the whole batch on timers while another process holds
 * the write lock (BEGIN IMMEDIATE fails before any work, so nothing is applied twice).
 */
export function createSqliteCommitBatcher({
  database,
  commitOne,
  run,
}: {
  database: Database.Database;
  commitOne: (input: CommitTurnInput) => CommitTurnResult;
  run: <T>(work: () => T) => Promise<T>;
}): (input: CommitTurnInput) => Promise<CommitTurnResult> {
  let waiting: Waiting[] = [];
  const commitAll = database.transaction((batch: readonly Waiting[]): Outcome[] =>
    batch.map(({ input }) => {
      try {
        return { ok: true, value: commitOne(input) };
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

  return (input) =>
    new Promise<CommitTurnResult>((resolve, reject) => {
      waiting.push({ input, resolve, reject });
      if (waiting.length === 1) setImmediate(flush);
    });
}
