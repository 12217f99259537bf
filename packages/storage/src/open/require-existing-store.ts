import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError } from '@exai/core';
import type { StoreSpec } from './parse-store-spec.js';

export interface ExistingStoreOptions {
  /**
   * Refuse a store that does not exist yet instead of creating it: a SQLite file that is not
   * there (opening it would create the file and its directory). For commands that only read or
   * copy a store. Default false.
   */
  mustExist?: boolean;
  /** Where the spec came from, named in the error: `--store`, `EXAI_STORE`; unset for the default store. */
  source?: string | undefined;
}

/** Throws `invalid_argument` naming the path and the source when `mustExist` and the store is missing. */
export function requireExistingStore(
  spec: StoreSpec,
  { mustExist = false, source }: ExistingStoreOptions,
): void {
  if (!mustExist || spec.kind !== 'sqlite' || spec.path === ':memory:' || existsSync(spec.path)) return;
  throw new InvalidArgumentError({
    argument: source ?? 'store',
    message:
      source === undefined
        ? `the default SQLite store ${resolve(spec.path)} does not exist yet; name another with --store or ` +
          'EXAI_STORE, or create it with exai migrate up'
        : `the SQLite store ${resolve(spec.path)} given by ${source} does not exist; check ${source} for a typo, ` +
          'or create it with exai migrate up',
  });
}
