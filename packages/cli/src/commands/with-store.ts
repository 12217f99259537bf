import type { SessionStoreV1 } from '@exai/core';
import { openSessionStore, type StoreSpec } from '@exai/storage';
import { resolveStoreSource, resolveStoreSpec as storeSpec } from '../runtime/resolve-store-spec.js';
import type { CliContext } from './cli-context.js';

/**
 * Opens the store for one command. `mustExist` (for commands that read or copy a store: `backup`,
 * `gc`) refuses a SQLite file that does not exist rather than creating an empty one.
 */
export async function withStore<T>(
  context: CliContext,
  run: (store: SessionStoreV1, spec: StoreSpec) => Promise<T>,
  { mustExist = false }: { mustExist?: boolean } = {},
): Promise<T> {
  const spec = storeSpec(context);
  const store = await openSessionStore(spec, { mustExist, source: resolveStoreSource(context) });
  try {
    return await run(store, spec);
  } finally {
    await store.close();
  }
}
