import { parseStoreSpec, type StoreSpec } from '@exai/storage';
import type { CliContext } from '../commands/cli-context.js';

/** Where the store comes from: `--store`, `EXAI_STORE`, or `undefined` for the default. */
export function resolveStoreSource(context: CliContext): '--store' | 'EXAI_STORE' | undefined {
  if (context.globalOptions().store !== undefined) return '--store';
  return context.env.EXAI_STORE?.trim() ? 'EXAI_STORE' : undefined;
}

/** The store named by `--store`, else `EXAI_STORE`, else SQLite in the data directory. */
export function resolveStoreSpec(context: CliContext): StoreSpec {
  const flag = context.globalOptions().store;
  return parseStoreSpec(flag ?? context.env.EXAI_STORE, {
    env: context.env,
    source: flag === undefined ? 'EXAI_STORE' : '--store',
  });
}
