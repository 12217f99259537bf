import type { Migration } from '../migrations/index.js';
import { migration0001Initial } from './migrations/0001-initial.js';

/** The SQLite schema history, oldest first. Append new migrations; never edit released ones. */
export const sqliteMigrations: readonly Migration[] = Object.freeze([migration0001Initial]);
