import type { Migration } from '../../migrations/index.js';
import {
  tasksAndStreamEventsDownSql,
  tasksAndStreamEventsTablesSql,
} from '../../postgres/migrations/0004-tasks-and-stream-events.js';
import { rpcTasksDownSql, rpcTasksSql } from './rpc-tasks-sql.js';

/**
 * Migration 4 of the Supabase chain: PostgreSQL's tasks and stream events tables (with their
 * row-level security), then the RPC functions that reach them.
 */
export const supabaseTasksAndStreamEventsMigration: Migration = {
  version: 4,
  name: 'tasks-and-stream-events',
  up: `${tasksAndStreamEventsTablesSql}\n${rpcTasksSql}`,
  down: `${rpcTasksDownSql}\n${tasksAndStreamEventsDownSql}`,
};
