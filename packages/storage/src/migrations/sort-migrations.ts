import { InvalidArgumentError } from '@exai/core';

import type { Migration } from './migration.js';

/** A copy sorted by version; throws unless the versions run 1, 2, 3… with no gap or repeat. */
export function sortMigrations(migrations: readonly Migration[]): Migration[] {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((migration, index) => {
    const expected = index + 1;
    if (!Number.isSafeInteger(migration.version) || migration.version !== expected) {
      const problem = sorted.some((other) => other !== migration && other.version === migration.version)
        ? `version ${migration.version} is used twice`
        : `expected version ${expected} but found ${migration.version}`;
      throw new InvalidArgumentError({
        argument: 'migrations',
        message: `Migration versions must be unique integers running 1, 2, 3… without gaps: ${problem} (${migration.name}).`,
      });
    }
    if (migration.name.trim() === '') {
      throw new InvalidArgumentError({
        argument: 'migrations',
        message: `Migration ${migration.version} has an empty name.`,
      });
    }
  });
  return sorted;
}
