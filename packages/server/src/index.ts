/**
 * @exai/server — every export of this file is public API.
 *
 * Serves an MCP server (e.g. `createExaiServer(runtime)` from `@exai/mcp`) over Streamable HTTP on
 * `node:http`: sessions or stateless, Host/Origin checks against DNS rebinding, authentication (API
 * keys, JWT), body limits, HTTPS, and a health check.
 */
export { serveHttp } from './serve-http.js';
export type { HttpServing, ServeHttpOptions } from './serve-http-options.js';
export type { CheckReady, ReadyDetails } from './http/health-probes.js';
export { composeMiddleware } from './http/http-middleware.js';
export type { HttpContext, HttpMiddleware, RequestCaller } from './http/http-middleware.js';
export { connectRedis, redisChannel } from './redis/connect-redis.js';
export type { ConnectRedisOptions, RedisSettings } from './redis/connect-redis.js';
export {
  openRedisResponseCacheBackend,
  type RedisResponseCacheBackendOptions,
} from './redis/redis-response-cache-backend.js';
export { createTenantLimits } from './limits/tenant-limits.js';
export type { TenantLimits, TenantLimitsOptions } from './limits/tenant-limits.js';
export { createRateLimitMiddleware } from './limits/rate-limit-middleware.js';
export type { RateLimitMiddlewareOptions } from './limits/rate-limit-middleware.js';
export { hasAnyLimit, limitsFor } from './limits/limit-settings.js';
export type { BudgetSettings, LimitSettings, TenantLimitsSettings } from './limits/limit-settings.js';
export type { LimitsReadiness, RedisUnavailablePolicy } from './limits/limit-counters.js';
export type { ServeHttpAuth } from './serve-http-options.js';
export { isLoopbackHost } from './http/loopback-host.js';
export { createBearerAuthenticator } from './auth/request-authenticator.js';
export type {
  AuthFailure,
  AuthOutcome,
  BearerTokenVerifier,
  RequestAuthenticator,
} from './auth/request-authenticator.js';
export { createApiKeyVerifier } from './auth/api-keys/api-key-verifier.js';
export type { ApiKeyVerifierOptions } from './auth/api-keys/api-key-verifier.js';
export type { ApiKeyStore } from './auth/api-keys/api-key-store.js';
export { generateApiKey, hashApiKey, parseApiKey, policyOf } from './auth/api-keys/api-key-format.js';
export type { ApiKeyPolicy, GeneratedApiKey } from './auth/api-keys/api-key-format.js';
export { createJwtVerifier } from './auth/jwt/jwt-verifier.js';
export type { JwtVerifierOptions } from './auth/jwt/jwt-verifier.js';
export { withTenantGate } from './auth/tenant-gate.js';
export type { TenantGateStore } from './auth/tenant-gate.js';
export { createRedisCancelRegistry } from './cancel/redis-cancel-registry.js';
export type { RedisCancelRegistryOptions } from './cancel/redis-cancel-registry.js';
export { openCancelRegistry } from './cancel/open-cancel-registry.js';
export type { OpenedCancelRegistry } from './cancel/open-cancel-registry.js';
export type { ResumableEvents, ReplayedEvent } from './sessions/resumable-events.js';
export { DEFAULT_EVENT_TTL_IN_MS, DEFAULT_MAX_EVENTS_PER_STREAM } from './sessions/resumable-events.js';
export {
  createStoreResumableEvents,
  type StoreResumableEventsOptions,
} from './sessions/store-resumable-events.js';
export {
  createRedisResumableEvents,
  type RedisResumableEventsOptions,
} from './sessions/redis-resumable-events.js';
export { createExaiMetrics } from './observability/exai-metrics.js';
export type { CreateExaiMetricsOptions, ExaiMetrics } from './observability/exai-metrics.js';
export {
  createExaiLogger,
  lineLoggerOf,
  logLevels,
  redactedLogPaths,
} from './observability/create-exai-logger.js';
export type {
  CreateExaiLoggerOptions,
  LogDestination,
  LogLevel,
} from './observability/create-exai-logger.js';
export { formatPrettyLine } from './observability/pretty-log-line.js';
export { createDaemonDashboard, createStoreDashboard } from './dashboard/create-dashboard.js';
export type { CreateDashboardOptions } from './dashboard/create-dashboard.js';
export type { Dashboard, DashboardScope, DashboardSnapshot } from './dashboard/dashboard-types.js';
export { generateDashboardToken, serveDashboard } from './dashboard/serve-dashboard.js';
export type { DashboardServing, ServeDashboardOptions } from './dashboard/serve-dashboard.js';
