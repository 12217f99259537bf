import type { SessionStoreV1 } from './v1/index.js';
import { storeInputChecks } from './store-input-checks.js';

/**
 * Makes every method of `store` that takes arguments check them first (see `storeInputChecks`):
 * a bad argument rejects with `InvalidArgumentError` before the store sees it, and the store gets
 * the arguments normalised — ids checked, dates and JSON copied, missing JSON objects and arrays
 * filled in — so an adapter's own code need not check them again. Changes `store` in place (its
 * getters and prototype stay as they are) and returns it.
 */
export function withStoreInputChecks<Store extends SessionStoreV1>(store: Store): Store {
  const methods = store as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const [name, check] of Object.entries(storeInputChecks) as [
    string,
    (...args: unknown[]) => unknown[],
  ][]) {
    const method = methods[name];
    if (typeof method !== 'function') continue;
    const unchecked = method.bind(store);
    // Not `async`: the store's own promise is returned as it is, one promise fewer per call.
    methods[name] = function checkedStoreMethod(...args: unknown[]) {
      try {
        const result = unchecked(...check(...args));
        return result instanceof Promise ? result : Promise.resolve(result);
      } catch (error) {
        return Promise.reject(error);
      }
    };
  }
  return store;
}
