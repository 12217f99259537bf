import type { Migration } from '../../migrations/index.js';
import { initialAuditTriggerSql, initialRowLevelSecuritySql } from './0001-initial-security.js';
import { initialTablesSql } from './0001-initial-tables.js';

const down = `
drop trigger threads_audit_delete on threads;
drop trigger threads_audit_update on threads;
drop function exai_audit_thread_change();
drop table audit_events;
drop table usage_records;
drop table files;
drop table workflow_states;
drop table turns;
drop table threads;
drop table api_keys;
drop table tenants;
drop function exai_current_tenant();
`;

/** Migration 1: tables, indexes, the `default` tenant, row-level security and the thread audit trigger. */
export const postgresInitialMigration: Migration = {
  version: 1,
  name: 'initial',
  up: `${initialTablesSql}\n${initialRowLevelSecuritySql}\n${initialAuditTriggerSql}`,
  down,
};
