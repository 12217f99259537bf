import type OpossumCircuitBreaker from 'opossum';
import type pRetryFunction from 'p-retry';

/**
 * opossum and p-retry are loaded on first use, once per process, so importing `@exai/core` (a
 * script, a CLI command that makes no call) does not pay for them: p-retry only after a first
 * attempt failed, opossum when the first breaker fires.
 */
export type Opossum = typeof OpossumCircuitBreaker;
export type PRetry = typeof pRetryFunction;

let opossum: Opossum | undefined;
let opossumLoading: Promise<Opossum> | undefined;
let pRetry: PRetry | undefined;
let pRetryLoading: Promise<PRetry> | undefined;

/** opossum's `CircuitBreaker` class, if it has been loaded already. */
export function loadedOpossum(): Opossum | undefined {
  return opossum;
}

export function loadOpossum(): Promise<Opossum> {
  opossumLoading ??= import('opossum').then((module) => (opossum = module.default));
  return opossumLoading;
}

export function loadPRetry(): Promise<PRetry> {
  if (pRetry !== undefined) return Promise.resolve(pRetry);
  pRetryLoading ??= import('p-retry').then((module) => (pRetry = module.default));
  return pRetryLoading;
}

/**
 * Starts loading both libraries in the background, for a component that will use them soon (a
 * transport being created), so its first call does not wait for them. A failure to load surfaces
 * on first use.
 */
export function preloadResilienceLibraries(): void {
  if (opossum === undefined) loadOpossum().catch(() => undefined);
  if (pRetry === undefined) loadPRetry().catch(() => undefined);
}
