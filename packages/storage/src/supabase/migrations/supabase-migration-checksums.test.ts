import { describe, expect, it } from 'vitest';
import { migrationChecksum } from '../../migrations/index.js';
import { supabaseMigrations } from './index.js';

/**
 * A database that ran a migration keeps its checksum and refuses to start when the code's SQL
 * differs (MigrationChecksumError). These are the checksums of the released migrations: a change
 * to how their SQL is assembled must leave every byte of it, and so these values, as they are.
 */
const releasedChecksums: Record<number, string> = {
  1: '8d33f8dc49d79a64b9c135c55746ed7dfa3cf043100d81f325499bb574fe9ff6',
  2: '68f6678d5154fae108822c944d3b12753c5a74c3266bbe73e3c0292916466beb',
  3: '837ec17b4da8d133db228108c8426d9a8c705c3561e0af3a2a49599e1444110b',
  4: '10584c1a1eb8c1e9d71f1fa5f0b53ec9f8e7900a422697e0cdc088690f655c49',
  5: '7ac31efad23e8c0bbebc71fd37b61ff95d9e46791de3443cab9039e2feaed871',
  6: '1e4a388fc359b2c26fe09d64798d26784abc7b8f6486fa50b0f814b098e99033',
  7: '53c3abf66bd45e06b41fb8edffb3ab5c9de465bc4bca308a7b5b534cb7f9b2e3',
};

describe('Supabase migration chain', () => {
  it.each(Object.entries(releasedChecksums))(
    'keeps the SQL of released migration %s unchanged',
    (version, checksum) => {
      const migration = supabaseMigrations.find((candidate) => candidate.version === Number(version));
      expect(migration, `migration ${version}`).toBeDefined();
      expect(migrationChecksum(migration!)).toBe(checksum);
    },
  );
});
