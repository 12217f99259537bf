import { closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

import { StoreUnavailableError } from '@exai/core';

const fix = 'point --store or EXAI_STORE at a file in a writable directory, e.g. sqlite:~/exai.db';

/**
 * Creates the database file's missing directories (mode 0700) and the file itself (mode 0600, so
 * the -wal and -shm files SQLite makes beside it inherit it), or says in one sentence why it
 * cannot: a file where a directory should be, a directory where the file should be, a directory
 * that is not writable. The directories are made one level at a time from the nearest one that
 * exists (Node's recursive `mkdir` never returns under `/proc`).
 */
export function prepareDatabaseFile(filename: string): void {
  const missing: string[] = [];
  let existing = dirname(filename);
  while (!existsSync(existing) && dirname(existing) !== existing) {
    missing.unshift(existing);
    existing = dirname(existing);
  }
  const refuse = (reason: string, cause?: unknown) =>
    new StoreUnavailableError({
      store: 'sqlite',
      message: `Cannot open the SQLite database ${filename}: ${reason}; ${fix}.`,
      cause,
    });
  if (!statSync(existing).isDirectory()) throw refuse(`${existing} is a file, not a directory`);
  if (existsSync(filename) && statSync(filename).isDirectory()) {
    throw new StoreUnavailableError({
      store: 'sqlite',
      message:
        `Cannot open the SQLite database ${filename}: it is a directory, not a database file; ` +
        `name a file inside it, e.g. sqlite:${filename.replace(/\/$/, '')}/exai.db.`,
    });
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
    const place = current === filename ? dirname(filename) : dirname(current);
    if (code === 'EACCES' || code === 'EPERM')
      throw refuse(`${place} is not writable (permission denied)`, error);
    if (code === 'EROFS') throw refuse(`${place} is on a read-only file system`, error);
    if (code === 'ENOSPC' || code === 'EDQUOT') throw refuse(`the disk holding ${place} is full`, error);
    throw refuse(`cannot create ${current} (${code ?? (error as Error).message})`, error);
  }
}
