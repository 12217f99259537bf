import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

import { StoreUnavailableError } from '@exai/core';

import { nearestExistingPath, SQLITE_PATH_FIX, sqlitePathProblem } from './sqlite-path-problem.js';

/**
 * Creates the database file's missing directories (mode 0700) and the file itself (mode 0600, so
 * the -wal and -shm files SQLite makes beside it inherit it), or says in one sentence why it
 * cannot (`sqlitePathProblem`, or what the file system answered). The directories are made one
 * level at a time from the nearest one that exists (Node's recursive `mkdir` never returns under
 * `/proc`).
 */
export function prepareDatabaseFile(filename: string): void {
  const refuse = (reason: string, fix: string, cause?: unknown) =>
    new StoreUnavailableError({
      store: 'sqlite',
      message: `Cannot open the SQLite database ${filename}: ${reason}; ${fix}.`,
      cause,
    });
  const problem = sqlitePathProblem(filename);
  if (problem !== undefined) throw refuse(problem.reason, problem.fix);
  const missing: string[] = [];
  const existing = nearestExistingPath(dirname(filename));
  for (let directory = dirname(filename); directory !== existing; directory = dirname(directory)) {
    missing.unshift(directory);
  }
  let current = existing;
  try {
    for (const directory of missing) {
      current = directory;
      mkdirSync(directory, { mode: 0o700 });
    }
    current = filename;
    closeSync(openSync(filename, 'a', 0o600));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const place = dirname(current);
    const fix = SQLITE_PATH_FIX;
    if (code === 'EACCES' || code === 'EPERM')
      throw refuse(`${place} is not writable (permission denied)`, fix, error);
    if (code === 'EROFS') throw refuse(`${place} is on a read-only file system`, fix, error);
    if (code === 'ENOSPC' || code === 'EDQUOT') throw refuse(`the disk holding ${place} is full`, fix, error);
    throw refuse(`cannot create ${current} (${code ?? (error as Error).message})`, fix, error);
  }
}
