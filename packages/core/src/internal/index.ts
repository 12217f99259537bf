/**
 * @exai/core/internal — shared by exai's own packages; not a stable API. It may change in any
 * release without notice.
 *
 * The session store's argument checks and the validation of imported records, used by the
 * memory store here and by the adapters in @exai/storage.
 *
 * The allowed roots the exai command reads from its environment, and the `Retry-After` parser.
 */
export {
  normalizeStoreRecord,
  type NormalizeStoreRecordOptions,
} from '../session-store/normalize-store-record.js';
export {
  optionalDate,
  optionalId,
  optionalJsonObject,
  optionalNonNegativeNumber,
  optionalString,
  optionalStringArray,
  requireId,
  requireInteger,
  requireJsonObject,
  requireNonNegativeInteger,
  requirePositiveInteger,
  requireRole,
  requireString,
  requireUsageStatus,
  pageLimit,
} from '../session-store/validate-store-input.js';
export { commitTurnKeys, commitTurnUsages } from '../session-store/commit-turn-keys.js';
export { createRecordId } from '../session-store/create-record-id.js';
export {
  checkCommitTurnInput,
  storeInputChecks,
  type StoreInputChecks,
} from '../session-store/store-input-checks.js';
export { withStoreInputChecks } from '../session-store/with-store-input-checks.js';
export {
  allowedRootsFromEnvironment,
  type AllowedRootsFromEnvironmentOptions,
} from '../files/allowed-roots-from-environment.js';
export { parseRetryAfter } from '../transport/parse-retry-after.js';

/**
 * The shared resilience blocks (retry runner, circuit breakers, their settings), used by the
 * transport here and by the PostgreSQL and SQLite stores in @exai/storage.
 */
export {
  CircuitBreaker,
  CircuitBreakerRegistry,
  defaultBreakerSettings,
  defaultRetrySettings,
  fullJitterDelay,
  preloadResilienceLibraries,
  runWithRetries,
  type BreakerAttempt,
  type BreakerSettings,
  type CircuitBreakerOptions,
  type CircuitBreakerStatus,
  type CircuitState,
  type RetrySettings,
  type RetryTask,
} from '../resilience/index.js';
