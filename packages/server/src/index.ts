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
export { createRedisCancelRegistry } from './cancel/redis-cancel-registry.js';
export type { RedisCancelRegistryOptions } from './cancel/redis-cancel-registry.js';
export { openCancelRegistry } from './cancel/open-cancel-registry.js';
export type { OpenedCancelRegistry } from './cancel/open-cancel-registry.js';
