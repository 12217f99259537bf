import type { ResolvedModel } from './provider-registry.js';

/**
 * One step of a fallback chain: a resolved model, or a configured fallback that could not be
 * resolved (unknown provider or model), which is recorded as a failed attempt when reached.
 */
export type ChainEntry = { resolved: ResolvedModel } | { spec: string; error: unknown };
