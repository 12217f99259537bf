import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { postgresMigrations } from '../postgres/migrations/index.js';
import { sqliteMigrations } from '../sqlite/sqlite-migrations.js';
import { supabaseMigrations } from '../supabase/migrations/index.js';
import type { Migration } from './migration.js';

const doc = readFileSync(fileURLToPath(new URL('../../../../docs/storage.md', import.meta.url)), 'utf8');

/** The steps a row of the table under `## Migrations` lists: every `N \`name\`` of its chain cell. */
function documentedChain(store: string): string[] {
  const section = doc.slice(doc.indexOf('\n## Migrations\n'));
  const row = section.split('\n').find((line) => line.startsWith(`| ${store} |`));
  if (row === undefined) throw new Error(`docs/storage.md has no migration row for ${store}`);
  return [...row.split('|')[2]!.matchAll(/(\d+) `([^`]+)`/g)].map((match) => `${match[1]} ${match[2]}`);
}

const steps = (chain: readonly Migration[]) =>
  chain.map((migration) => `${migration.version} ${migration.name}`);

describe("docs/storage.md's migration table", () => {
  it.each([
    ['SQLite', sqliteMigrations],
    ['PostgreSQL', postgresMigrations],
    ['Supabase', supabaseMigrations],
  ] as const)('lists every step of the %s chain, by version and name', (store, chain) => {
    expect(documentedChain(store)).toEqual(steps(chain));
  });
});
