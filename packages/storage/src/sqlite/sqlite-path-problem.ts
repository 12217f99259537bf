import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Why a path cannot be a SQLite database, and what to do instead. */
export interface SqlitePathProblem {
  reason: string;
  fix: string;
}

export const SQLITE_PATH_FIX =
  'point --store or EXAI_STORE at a file in a writable directory, e.g. sqlite:~/exai.db';

/**
 * The nearest part of `path` that exists (`path` itself when it does): where a missing database
 * file and its directories would be created.
 */
export function nearestExistingPath(path: string): string {
  let current = path;
  while (!existsSync(current) && dirname(current) !== current) current = dirname(current);
  return current;
}

/**
 * Why `filename` (absolute) cannot be, or become, a SQLite database by its shape — a directory
 * where the file should be, a file where a directory should be — without creating or changing
 * anything; undefined otherwise (permissions are the file system's to answer). Shared by the store, which says it when opening fails, and
 * `exai doctor`, which says it before anything is opened.
 */
export function sqlitePathProblem(filename: string): SqlitePathProblem | undefined {
  if (existsSync(filename)) {
    if (!statSync(filename).isDirectory()) return undefined;
    return {
      reason: 'it is a directory, not a database file',
      fix: `name a file inside it, e.g. sqlite:${join(filename, 'exai.db')}`,
    };
  }
  const existing = nearestExistingPath(dirname(filename));
  if (!statSync(existing).isDirectory())
    return { reason: `${existing} is a file, not a directory`, fix: SQLITE_PATH_FIX };
  return undefined;
}
