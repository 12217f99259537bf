import { DEFAULT_TENANT_ID } from '@exai/core';
import type { MigrateOptions } from './migration.js';

/**
 * How a store that applies its pending migrations as it opens records the run: the same
 * `store.migrate.up` record `exai migrate up` leaves, under the local tenant, with actor `store`
 * (no command asked for it) and `automatic: true` in its detail. A store being created records
 * nothing, so a new store starts empty (docs/decisions/0046).
 */
export const AUTOMATIC_MIGRATION_AUDIT: NonNullable<MigrateOptions['audit']> = {
  tenantId: DEFAULT_TENANT_ID,
  actor: 'store',
  detail: { automatic: true },
  exceptNew: true,
};
