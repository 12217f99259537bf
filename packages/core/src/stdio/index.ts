/**
 * @exai/core/stdio — every export of this file is public API.
 *
 * Serves an MCP server over stdin/stdout. Only JSON-RPC goes to stdout; log to stderr.
 */
export { serveStdio, type ServeStdioOptions, type StdioServing } from './serve-stdio.js';
export { DEFAULT_MAX_MESSAGE_BYTES, LineTransport, type LineTransportOptions } from './line-transport.js';
