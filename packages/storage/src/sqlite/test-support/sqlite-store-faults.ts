import type { SessionStoreFaults } from '@exai/core/test';
import { sqliteConnectionOf, type SqliteSessionStore } from '../sqlite-session-store.js';

const armed = new WeakMap<object, { audit: number }>();

/**
 * Faults for the contract suite, made in the database: a TEMP trigger on the store's connection
 * that aborts an insert into `audit_events` while a one-shot counter (a function of that
 * connection, so it survives the rollback) says so.
 */
export const sqliteStoreFaults: SessionStoreFaults = {
  async failNextAuditWrite(store) {
    const database = sqliteConnectionOf(store as SqliteSessionStore);
    let shots = armed.get(database);
    if (shots === undefined) {
      const counter = { audit: 0 };
      shots = counter;
      armed.set(database, counter);
      database.function('exai_test_fail_audit', () => (counter.audit > 0 ? (counter.audit--, 1) : 0));
      database.exec(`CREATE TEMP TRIGGER exai_test_fail_audit BEFORE INSERT ON main.audit_events
        WHEN exai_test_fail_audit() = 1
        BEGIN SELECT RAISE(ABORT, 'injected failure writing an audit event'); END`);
    }
    shots.audit += 1;
  },
};
