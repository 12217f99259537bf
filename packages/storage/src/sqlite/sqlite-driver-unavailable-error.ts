import { ExaiError } from '@exai/core';

const marker = 'exai.error.sqlite-unavailable';
const symbol = Symbol.for(marker);

/**
 * better-sqlite3's native module could not be loaded: it was never built (no prebuilt binary for
 * this platform and no compiler at install time), or it was built for another Node.js version.
 */
export class SqliteDriverUnavailableError extends ExaiError {
  private readonly [symbol] = true;

  constructor({ reason, cause }: { reason: string; cause?: unknown }) {
    super('sqlite_unavailable', {
      message:
        `The SQLite store cannot load better-sqlite3's native module (${reason}). ` +
        `Install python3, make and a C++ compiler (g++ or clang) and reinstall exai ` +
        `(or run "npm rebuild better-sqlite3" where it is installed), ` +
        `or choose another store: EXAI_STORE=memory, or EXAI_STORE=postgres://user@host:5432/db.`,
      cause,
      isRetryable: false,
    });
    this.name = 'SqliteDriverUnavailableError';
  }

  static override isInstance(error: unknown): error is SqliteDriverUnavailableError {
    return ExaiError.hasMarker(error, marker);
  }
}
