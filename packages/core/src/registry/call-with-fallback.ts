import { AllModelsFailedError, type FallbackAttempt } from '../errors/all-models-failed-error.js';
import type { ChainEntry } from './chain-entry.js';
import { shouldFallBack, throwIfAborted, toFallbackAttempt } from './fallback-policy.js';
import type { RegistryCallMetadata, ResolvedModel } from './provider-registry.js';

/**
 * Calls the chain's models in order until `call` resolves for one. An error that `shouldFallBack`
 * rejects is thrown as it is; an abort stops the chain at once. When every model fails, a chain
 * of one rethrows its error unchanged and a longer chain throws `AllModelsFailedError` with every
 * attempt.
 */
export async function callWithFallback<Result extends object>(
  chain: readonly ChainEntry[],
  abortSignal: AbortSignal | undefined,
  call: (model: ResolvedModel) => Promise<Result>,
): Promise<Result & RegistryCallMetadata> {
  const attempts: FallbackAttempt[] = [];
  let lastError: unknown;
  for (const entry of chain) {
    throwIfAborted(abortSignal);
    if (!('resolved' in entry)) {
      attempts.push(toFallbackAttempt(entry.spec, entry.error));
      lastError = entry.error;
      continue;
    }
    try {
      const result = await call(entry.resolved);
      return { ...result, answeredBy: entry.resolved, fallbacks: attempts };
    } catch (error) {
      throwIfAborted(abortSignal, error);
      if (!shouldFallBack(error)) throw error;
      attempts.push(toFallbackAttempt(entry.resolved.spec, error));
      lastError = error;
    }
  }
  if (chain.length === 1) throw lastError;
  throw new AllModelsFailedError({ attempts, cause: lastError });
}
