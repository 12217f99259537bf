/**
 * @exai/server — every export of this file is public API.
 *
 * Serves an MCP server (e.g. `createExaiServer(runtime)` from `@exai/mcp`) over Streamable HTTP on
 * `node:http`: sessions or stateless, Host/Origin checks against DNS rebinding, body limits, and a
 * health check.
 */
export { serveHttp } from './serve-http.js';
export type { HttpServing, ServeHttpOptions } from './serve-http-options.js';
export { composeMiddleware } from './http/http-middleware.js';
export type { HttpContext, HttpMiddleware, RequestCaller } from './http/http-middleware.js';
export { connectRedis } from './redis/connect-redis.js';
export type { ConnectRedisOptions } from './redis/connect-redis.js';
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
