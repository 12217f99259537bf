import type { Migration } from '../migrations/index.js';
import { migration0001Initial } from './migrations/0001-initial.js';
import { migration0002Reserved, migration0003Reserved } from './migrations/0002-0003-reserved.js';
import { migration0004TasksAndStreamEvents } from './migrations/0004-tasks-and-stream-events.js';

/** The SQLite schema history, oldest first. Append new migrations; never edit released ones. */
export const sqliteMigrations: readonly Migration[] = Object.freeze([
  migration0001Initial,
  migration0002Reserved,
  migration0003Reserved,
  migration0004TasksAndStreamEvents,
]);
