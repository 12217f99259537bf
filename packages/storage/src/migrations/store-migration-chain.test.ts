import { describe, expect, it } from 'vitest';
import { postgresMigrationChain } from '../postgres/migrations/index.js';
import { supabaseMigrationChain } from '../supabase/migrations/index.js';
import type { AppliedMigration } from './migration.js';
import { findOtherStoreMigrations } from './store-migration-chain.js';

/**
 * The `exai_migrations` rows a chain leaves, optionally with more rows after it. Chains are told
 * apart by version and name, so the checksums here are placeholders.
 */
function appliedBy(
  chain: readonly { version: number; name: string }[],
  extra: { version: number; name: string }[] = [],
): AppliedMigration[] {
  return [...chain, ...extra].map(({ version, name }) => ({
    version,
    name,
    checksum: 'c'.repeat(64),
    appliedAt: new Date(0),
  }));
}

const versionsOf = (found: ReturnType<typeof findOtherStoreMigrations>) =>
  found?.steps.map((step) => step.version);

describe('findOtherStoreMigrations', () => {
  const postgres = postgresMigrationChain.migrations;
  const supabase = supabaseMigrationChain.migrations;

  it('names the Supabase chain for a schema it migrated, read with the PostgreSQL chain', () => {
    const found = findOtherStoreMigrations(appliedBy(supabase), postgres, [supabaseMigrationChain]);
    expect(found?.chain.store).toBe('supabase');
    // 1 and 4 have the same names in both chains; 2 and 3 differ, 5 to 7 are Supabase's alone.
    expect(versionsOf(found)).toEqual([2, 3, 5, 6, 7]);
  });

  it('names the PostgreSQL chain for a schema it migrated, read with the Supabase chain', () => {
    const found = findOtherStoreMigrations(appliedBy(postgres), supabase, [postgresMigrationChain]);
    expect(found?.chain.store).toBe('postgres');
    expect(versionsOf(found)).toEqual([2, 3]);
  });

  it('still names the Supabase chain when a newer exai added a step to it', () => {
    const applied = appliedBy(supabase, [{ version: supabase.length + 1, name: 'a-later-step' }]);
    expect(findOtherStoreMigrations(applied, postgres, [supabaseMigrationChain])?.chain.store).toBe(
      'supabase',
    );
  });

  it('names nothing for a schema of its own chain, a newer one of it, or one both chains share so far', () => {
    expect(findOtherStoreMigrations(appliedBy(postgres), postgres, [supabaseMigrationChain])).toBeUndefined();
    const newer = appliedBy(postgres, [{ version: 5, name: 'a-later-step' }]);
    expect(findOtherStoreMigrations(newer, postgres, [supabaseMigrationChain])).toBeUndefined();
    // Only migration 1 applied: it is the same step in both chains.
    expect(
      findOtherStoreMigrations(appliedBy(supabase.slice(0, 1)), postgres, [supabaseMigrationChain]),
    ).toBeUndefined();
    expect(findOtherStoreMigrations([], postgres, [supabaseMigrationChain])).toBeUndefined();
  });

  it('names nothing when a step contradicts the other chain, or no other chain is given', () => {
    const mixed = appliedBy(supabase).map((row) =>
      row.version === 3 ? { ...row, name: 'something-else' } : row,
    );
    expect(findOtherStoreMigrations(mixed, postgres, [supabaseMigrationChain])).toBeUndefined();
    expect(findOtherStoreMigrations(appliedBy(supabase), postgres, [])).toBeUndefined();
  });
});
