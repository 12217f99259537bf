/**
 * exai's one resilience module: a retry runner over p-retry and circuit breakers over opossum,
 * used by the HTTP transport (providers) and the PostgreSQL store. Both libraries load on first use.
 */
export { CircuitBreaker, type BreakerAttempt, type CircuitBreakerOptions } from './circuit-breaker.js';
export { CircuitBreakerRegistry } from './circuit-breaker-registry.js';
export {
  defaultBreakerSettings,
  defaultRetrySettings,
  type BreakerSettings,
  type CircuitBreakerStatus,
  type CircuitState,
  type RetrySettings,
} from './resilience-settings.js';
export { preloadResilienceLibraries } from './load-resilience-libraries.js';
export { fullJitterDelay, runWithRetries, type RetryTask } from './run-with-retries.js';
