import { ExaiError } from '@exai/core';
import { describeMigrationSteps, type OtherStoreMigrations } from './store-migration-chain.js';

const marker = 'exai.error.migration-other-store';
const symbol = Symbol.for(marker);

/**
 * The schema was migrated for another store that shares its dialect (a Supabase schema opened as
 * a PostgreSQL store, or the reverse): upgrading exai would not help, opening it as that store does.
 */
export class MigrationOtherStoreError extends ExaiError {
  private readonly [symbol] = true;

  /** The store whose chain migrated the schema, as its `EXAI_STORE` kind (`supabase`). */
  readonly store: string;
  /** The applied versions that belong to that store's chain. */
  readonly versions: readonly number[];

  constructor({ chain, steps }: OtherStoreMigrations) {
    super('migration_other_store', {
      message:
        `This schema was migrated for the ${chain.storeName} store (its migrations ${describeMigrationSteps(steps)} ` +
        `are that store's), not for the store opening it. Open it as a ${chain.storeName} store: ${chain.howToOpen}. ` +
        `Do not migrate it as this one; to move its data to this kind of store, back it up opened as a ${chain.storeName} ` +
        'store (exai backup) and restore that into an empty one of this kind.',
      isRetryable: false,
    });
    this.name = 'MigrationOtherStoreError';
    this.store = chain.store;
    this.versions = steps.map((step) => step.version);
  }

  static override isInstance(error: unknown): error is MigrationOtherStoreError {
    return ExaiError.hasMarker(error, marker);
  }
}
