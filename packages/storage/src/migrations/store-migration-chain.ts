import type { AppliedMigration, Migration } from './migration.js';

/**
 * A store's migration chain, named after the store. Two stores share a dialect (the PostgreSQL
 * and the Supabase store both migrate a PostgreSQL schema) and the version numbers, but not the
 * steps; given the other store's chain, a schema it migrated is told apart from one a newer exai
 * migrated, and the advice is to open it as that store rather than to upgrade exai.
 */
export interface StoreMigrationChain {
  /** The store, as its `EXAI_STORE` kind: `supabase`, `postgres`. */
  store: string;
  /** Its name in a sentence: `Supabase`, `PostgreSQL`. */
  storeName: string;
  /** How to open a store of that kind, for a sentence: `EXAI_STORE=supabase (…)`. */
  howToOpen: string;
  migrations: readonly Migration[];
}

/** A schema another store's chain migrated: that chain, and the steps of it the schema holds. */
export interface OtherStoreMigrations {
  chain: StoreMigrationChain;
  /** The applied steps `migrations` does not have by version and name, that `chain` does. */
  steps: readonly AppliedMigration[];
}

/**
 * Which of `otherChains` migrated this schema, if one did: the applied steps that `migrations`
 * does not have by version and name include at least one that chain has, and none that chain has
 * under another name. Undefined when every applied step is one of `migrations` (or none is
 * applied), or when no chain fits.
 */
export function findOtherStoreMigrations(
  applied: readonly AppliedMigration[],
  migrations: readonly Migration[],
  otherChains: readonly StoreMigrationChain[],
): OtherStoreMigrations | undefined {
  const namesOf = (chain: readonly Migration[]) => new Map(chain.map((step) => [step.version, step.name]));
  const own = namesOf(migrations);
  const foreign = applied.filter((row) => own.get(row.version) !== row.name);
  if (foreign.length === 0) return undefined;
  for (const chain of otherChains) {
    const theirs = namesOf(chain.migrations);
    const steps = foreign.filter((row) => theirs.get(row.version) === row.name);
    const contradicted = foreign.some(
      (row) => theirs.has(row.version) && theirs.get(row.version) !== row.name,
    );
    if (steps.length > 0 && !contradicted) return { chain, steps };
  }
  return undefined;
}

/** `2 rpc-functions, 3 commit-turn, 5 api-key-use`: steps as `exai migrate status` lists them. */
export function describeMigrationSteps(steps: readonly { version: number; name: string }[]): string {
  return steps.map((step) => `${step.version} ${step.name}`).join(', ');
}
