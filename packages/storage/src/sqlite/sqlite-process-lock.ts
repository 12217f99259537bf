import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';

import type Database from 'better-sqlite3';

const tails = new Map<unknown, Promise<void>>();

/**
 * Runs fn after every earlier holder of the same key in this process has finished. better-sqlite3
 * waits for a busy database synchronously, so two connections of one process must not contend
 * for a SQLite lock while one of them awaits: this queue keeps them apart.
 */
export async function withProcessLock<T>(key: unknown, fn: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  let release = (): void => undefined;
  const current = new Promise<void>((resolvePromise) => {
    release = resolvePromise;
  });
  const tail = previous.then(() => current);
  tails.set(key, tail);
  await previous;
  try {
    return await fn();
  } finally {
    release();
    if (tails.get(key) === tail) tails.delete(key);
  }
}

/** The same key for every connection to one database file; the connection itself for `:memory:`. */
export function databaseLockKey(database: Database.Database): unknown {
  if (database.memory) return database;
  try {
    return realpathSync(database.name);
  } catch {
    return resolve(database.name);
  }
}
