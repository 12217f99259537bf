import type Database from 'better-sqlite3';

import { createApiKeyQueries } from './sqlite-api-keys.js';
import { createAuditQueries } from './sqlite-audit.js';
import { createSqliteCommitTurn } from './sqlite-commit-turn.js';
import { createFileQueries } from './sqlite-files.js';
import type { RecordInserters } from './sqlite-import.js';
import { createTenantQueries } from './sqlite-tenants.js';
import { createTenantDataQueries } from './sqlite-tenant-data.js';
import { createThreadQueries } from './sqlite-threads.js';
import { createTurnQueries } from './sqlite-turns.js';
import { createUsageQueries } from './sqlite-usage.js';
import { createStreamEventQueries } from './sqlite-stream-events.js';
import { createTaskQueries } from './sqlite-tasks.js';
import type { SqliteContext } from './sqlite-values.js';
import { createWorkflowStateQueries } from './sqlite-workflow-states.js';

/** Every prepared statement of the store, prepared once per connection. */
export function createSqliteQueries(context: SqliteContext) {
  const { db } = context;
  const tenants = createTenantQueries(context);
  const apiKeys = createApiKeyQueries(context, tenants);
  const threads = createThreadQueries(context, tenants);
  const turns = createTurnQueries(context);
  const workflowStates = createWorkflowStateQueries(context);
  const files = createFileQueries(context, tenants);
  const usage = createUsageQueries(context, tenants);
  const audit = createAuditQueries(context, tenants);
  const tenantData = createTenantDataQueries(context, tenants, audit);
  const tasks = createTaskQueries(context, tenants);
  const streamEvents = createStreamEventQueries(context, tenants);
  const commitTurn = createSqliteCommitTurn(context, { tenants, threads, turns, usage, audit });
  const ping = db.prepare('SELECT 1').pluck();
  const expireThreads = db.prepare<[number]>('DELETE FROM threads WHERE expires_at < ?');
  const expireFiles = db.prepare<[number]>('DELETE FROM files WHERE expires_at < ?');
  const expireTasks = db.prepare<[number]>('DELETE FROM tasks WHERE expires_at < ?');
  const expireStreamEvents = db.prepare<[number]>('DELETE FROM stream_events WHERE expires_at < ?');

  const inserters: RecordInserters = {
    tenant: tenants.insertRecord,
    'api-key': apiKeys.insertRecord,
    thread: threads.insertRecord,
    turn: turns.insertRecord,
    'workflow-state': workflowStates.insertRecord,
    file: files.insertRecord,
    usage: usage.insertRecord,
    audit: audit.insertRecord,
    task: tasks.insertRecord,
    'stream-event': streamEvents.insertRecord,
  };

  return {
    tenants,
    apiKeys,
    threads,
    turns,
    commitTurn,
    workflowStates,
    files,
    usage,
    audit,
    tenantData,
    tasks,
    streamEvents,
    inserters,
    expire: (db as Database.Database).transaction((nowInMs: number) => {
      expireTasks.run(nowInMs);
      expireStreamEvents.run(nowInMs);
      return { threads: expireThreads.run(nowInMs).changes, files: expireFiles.run(nowInMs).changes };
    }).immediate,
    ping: (): void => {
      ping.get();
    },
  };
}

export type SqliteQueries = ReturnType<typeof createSqliteQueries>;
