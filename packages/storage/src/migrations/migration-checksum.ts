import { createHash } from 'node:crypto';

import type { Migration } from './migration.js';

/** SHA-256 (hex) of the migration's SQL: `up + '\n--down--\n' + down`. */
export function migrationChecksum(migration: Migration): string {
  return createHash('sha256').update(`${migration.up}\n--down--\n${migration.down}`, 'utf8').digest('hex');
}
