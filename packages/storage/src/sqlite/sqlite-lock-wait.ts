import { StoreUnavailableError } from '@exai/core';
import { runWithRetries, type RetrySettings } from '@exai/core/internal';

/**
 * Waiting for another process's SQLite lock without blocking the event loop (see
 * docs/decisions/0007-sqlite-lock-waits.md). The store's connection has `busy_timeout = 0`, so a
 * statement that meets a lock fails at once with SQLITE_BUSY instead of sleeping inside
 * better-sqlite3's synchronous call; the work is then run again on timers, with a short jittered
 * backoff, until `busyTimeoutInMs` has passed. Every write is one statement or one `BEGIN
 * IMMEDIATE` transaction, which takes the lock before any work, so running it again is safe.
 */
export function isSqliteBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** The backoff between two tries: full jitter from 2 ms up to 50 ms, within `busyTimeoutInMs`. */
export function lockWaitRetry(busyTimeoutInMs: number): RetrySettings {
  return { maxRetries: Infinity, baseDelayInMs: 2, maxDelayInMs: 50, budgetInMs: busyTimeoutInMs };
}

export interface WaitForSqliteLockOptions<T> {
  /** The work; it failed once with SQLITE_BUSY already. */
  run: () => T;
  busyTimeoutInMs: number;
  /** The database file, for the error. */
  path: string;
}

/** Runs `run` again on timers while the database is busy; past `busyTimeoutInMs`, a clear error. */
export async function waitForSqliteLock<T>({
  run,
  busyTimeoutInMs,
  path,
}: WaitForSqliteLockOptions<T>): Promise<T> {
  try {
    return await runWithRetries({
      retry: lockWaitRetry(busyTimeoutInMs),
      attempt: async () => run(),
      shouldRetry: isSqliteBusy,
    });
  } catch (error) {
    if (!isSqliteBusy(error)) throw error;
    throw new StoreUnavailableError({
      store: 'sqlite',
      message:
        `SQLite store unavailable: ${path} stayed locked by another connection for ${busyTimeoutInMs} ms ` +
        '(busyTimeoutInMs); another process is writing it (e.g. exai gc or exai backup). Try again, ' +
        'or raise busyTimeoutInMs.',
      cause: error,
    });
  }
}

/** Runs `run` now; if the database is busy, waits for the lock on timers (see above). */
export function runWaitingForSqliteLock<T>(options: WaitForSqliteLockOptions<T>): Promise<T> {
  try {
    return Promise.resolve(options.run());
  } catch (error) {
    return isSqliteBusy(error) ? waitForSqliteLock(options) : Promise.reject(error);
  }
}
