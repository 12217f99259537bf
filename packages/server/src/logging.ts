/**
 * @exai/server/logging — the logger alone (pino and `@exai/core`), for `exai serve` over stdio,
 * which must not load the HTTP server to log.
 */
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
