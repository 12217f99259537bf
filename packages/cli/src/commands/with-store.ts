import { existsSync } from 'node:fs';
import { createMemorySessionStore, type SessionStoreV1 } from '@exai/core';
import { openSessionStore, type StoreSpec } from '@exai/storage';
import { resolveStoreSource, resolveStoreSpec as storeSpec } from '../runtime/resolve-store-spec.js';
import type { CliContext } from './cli-context.js';

export interface WithStoreOptions {
  /** For commands that read or copy a store (`backup`, `gc`, `tenants`, `audit`): a SQLite file that does not exist is refused rather than created. */
  mustExist?: boolean;
  /**
   * For commands that only read (`threads`, `usage`): the default SQLite file, when it does not
   * exist yet, holds nothing, so it is read as empty rather than created; a file named with
   * `--store` or `EXAI_STORE` that does not exist is refused.
   */
  emptyIfMissing?: boolean;
}

/** Opens the store for one command (`--store`/`EXAI_STORE`), runs `run` with it, and closes it. */
export async function withStore<T>(
  context: CliContext,
  run: (store: SessionStoreV1, spec: StoreSpec) => Promise<T>,
  { mustExist = false, emptyIfMissing = false }: WithStoreOptions = {},
): Promise<T> {
  const spec = storeSpec(context);
  const source = resolveStoreSource(context);
  const missing = spec.kind === 'sqlite' && spec.path !== ':memory:' && !existsSync(spec.path);
  // Only the default store is read as empty: a path someone named and that is not there is more
  // likely a typo than an empty store, and is refused the way `backup` refuses it.
  const store =
    emptyIfMissing && missing && source === undefined
      ? createMemorySessionStore()
      : await openSessionStore(spec, { mustExist: mustExist || emptyIfMissing, source });
  try {
    return await run(store, spec);
  } finally {
    await store.close();
  }
}

/** `withStore` for commands that read or copy a store: a SQLite file that does not exist is refused. */
export function withExistingStore<T>(
  context: CliContext,
  run: (store: SessionStoreV1, spec: StoreSpec) => Promise<T>,
): Promise<T> {
  return withStore(context, run, { mustExist: true });
}

/** `withStore` for commands that only read: the default SQLite file, missing, is read as empty. */
export function withStoreOrEmpty<T>(
  context: CliContext,
  run: (store: SessionStoreV1, spec: StoreSpec) => Promise<T>,
): Promise<T> {
  return withStore(context, run, { emptyIfMissing: true });
}
