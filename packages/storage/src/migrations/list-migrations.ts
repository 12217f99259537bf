import { migrationChecksum } from './migration-checksum.js';
import type { AppliedMigration, Migration, MigrationDriver, MigrationStatus } from './migration.js';
import { sortMigrations } from './sort-migrations.js';
import {
  findOtherStoreMigrations,
  type OtherStoreMigrations,
  type StoreMigrationChain,
} from './store-migration-chain.js';

/**
 * A row of `listMigrations`: a migration of the code with its state, or one the database has and
 * the code does not know (`unknown`: a newer exai applied it).
 */
export interface MigrationListing {
  version: number;
  name: string;
  state: MigrationStatus['state'] | 'unknown';
  appliedAt?: Date;
}

export interface MigrationList {
  /** The code's migrations, then the ones only the database has; lowest version first. */
  migrations: MigrationListing[];
  /** The highest version applied to the database (0 when none). */
  databaseVersion: number;
  /** The highest version the code knows. */
  knownVersion: number;
  /**
   * True when the database holds a migration the code does not know and no other store's chain
   * explains it: upgrade exai to use it.
   */
  newerThanCode: boolean;
  /** Set when one of `otherChains` migrated the database: open it as that store instead. */
  otherStore?: OtherStoreMigrations;
}

/**
 * Every migration of the code and of the database, with its state. Unlike `migrationStatus` it
 * does not throw for a database newer than the code or migrated by another store's chain: the
 * migrations only the database has are listed as `unknown`, with their recorded names, and
 * `otherStore` says which of `otherChains` migrated it, if one did. Reads only (takes no lock).
 */
export async function listMigrations(
  driver: Pick<MigrationDriver, 'listApplied'>,
  migrations: readonly Migration[],
  { otherChains = [] }: { otherChains?: readonly StoreMigrationChain[] } = {},
): Promise<MigrationList> {
  const sorted = sortMigrations(migrations);
  const applied = await driver.listApplied();
  const byVersion = new Map(applied.map((row) => [row.version, row]));
  const known = sorted.map((migration) => statusOf(migration, byVersion.get(migration.version)));
  const unknown = applied
    .filter((row) => sorted[row.version - 1] === undefined)
    .map((row): MigrationListing => ({ ...pick(row), state: 'unknown' }));
  const otherStore = findOtherStoreMigrations(applied, sorted, otherChains);
  return {
    migrations: [...known, ...unknown].sort((a, b) => a.version - b.version),
    databaseVersion: applied.reduce((max, row) => Math.max(max, row.version), 0),
    knownVersion: sorted.length,
    newerThanCode: unknown.length > 0 && otherStore === undefined,
    ...(otherStore !== undefined && { otherStore }),
  };
}

/** The state of one migration of the code, given its `exai_migrations` row (if applied). */
export function statusOf(migration: Migration, row: AppliedMigration | undefined): MigrationStatus {
  if (row === undefined) return { version: migration.version, name: migration.name, state: 'pending' };
  return {
    version: migration.version,
    name: migration.name,
    state: row.checksum === migrationChecksum(migration) ? 'applied' : 'changed',
    appliedAt: row.appliedAt,
  };
}

function pick({ version, name, appliedAt }: AppliedMigration) {
  return { version, name, appliedAt };
}
