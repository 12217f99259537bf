import type { Migration } from '../../migrations/index.js';

/**
 * Version 4 is reserved for a migration developed alongside version 5; until it lands this
 * placeholder keeps the chain's versions contiguous. It changes nothing.
 */
export const reservedMigration4: Migration = {
  version: 4,
  name: 'reserved',
  up: 'select 1;',
  down: 'select 1;',
};
