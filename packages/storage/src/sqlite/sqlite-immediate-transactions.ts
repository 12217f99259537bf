import type Database from 'better-sqlite3';

/**
 * The connection as the store's queries see it: `transaction(fn)` makes a `BEGIN IMMEDIATE`
 * transaction (better-sqlite3's `.immediate`) instead of a deferred one, so a transaction takes
 * SQLite's write lock before any work and a busy database fails it at `BEGIN`, with nothing to
 * undo; everything else is the connection itself.
 */
export function withImmediateTransactions(database: Database.Database): Database.Database {
  return new Proxy(database, {
    get(target, property) {
      if (property === 'transaction') {
        return <F extends (...args: never[]) => unknown>(fn: F) => target.transaction(fn).immediate;
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
