import type { LanguageModelV1CallOptions } from '../language-model/v1/language-model-v1-call-options.js';
import { callWithFallback } from './call-with-fallback.js';
import type { ChainEntry } from './chain-entry.js';
import type { RegistryGenerateResult } from './provider-registry.js';

/**
 * Calls `doGenerate` on the chain's models in order until one answers. `callWithFallback` says
 * which errors move on to the next model and what is thrown when every model fails.
 */
export async function generateWithFallback(
  chain: readonly ChainEntry[],
  options: LanguageModelV1CallOptions,
): Promise<RegistryGenerateResult> {
  return callWithFallback(chain, options, (resolved) => resolved.model.doGenerate(options));
}
