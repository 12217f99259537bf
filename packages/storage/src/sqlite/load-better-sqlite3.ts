import { createRequire } from 'node:module';

import type Database from 'better-sqlite3';

import { SqliteDriverUnavailableError } from './sqlite-driver-unavailable-error.js';

type DatabaseConstructor = typeof Database;

export interface LoadBetterSqlite3Options {
  /** Loads a CommonJS module by name; tests pass one that fails. */
  requireModule?: (name: string) => unknown;
}

const requireFromHere = createRequire(import.meta.url);
const probeFilename = ':memory:';
let loaded: DatabaseConstructor | undefined;

/**
 * Loads better-sqlite3 and its native module, or throws `SqliteDriverUnavailableError` saying why
 * and how to fix it. better-sqlite3 is an optional dependency: an install without a prebuilt binary
 * or a compiler still succeeds, and only the SQLite store is missing. Its native module is loaded
 * on the first `new Database()`, so an in-memory database is opened once here to surface the
 * failure before any file is touched.
 */
export function loadBetterSqlite3({ requireModule }: LoadBetterSqlite3Options = {}): DatabaseConstructor {
  if (requireModule === undefined && loaded !== undefined) return loaded;
  try {
    const Constructor = (requireModule ?? requireFromHere)('better-sqlite3') as DatabaseConstructor;
    new Constructor(probeFilename).close();
    if (requireModule === undefined) loaded = Constructor;
    return Constructor;
  } catch (error) {
    throw new SqliteDriverUnavailableError({ reason: describeLoadFailure(error), cause: error });
  }
}

/** One line for the usual ways the driver fails to load; the full error stays as the cause. */
function describeLoadFailure(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'MODULE_NOT_FOUND' && /better-sqlite3['"]/.test(message)) {
    return 'the better-sqlite3 package is not installed: it failed to build when exai was installed';
  }
  if (/NODE_MODULE_VERSION/.test(message)) {
    return `it was built for another Node.js version than this one (${process.version})`;
  }
  if (/Could not locate the bindings file/.test(message)) {
    return 'its native module was never built';
  }
  return message.split('\n')[0]?.trim() ?? message;
}
