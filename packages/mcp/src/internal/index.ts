/**
 * @exai/mcp/internal — shared by exai's own packages; not a stable API. It may change in any
 * release without notice.
 *
 * What the exai command needs to know about the store records the tools write, and the direct
 * `tools/call` runner the HTTP server's stateless path uses (docs/decisions/0038).
 */
export { RESULT_PAGES_KIND } from '../tools/page/result-pages.js';
export {
  directToolCallsOf,
  type DirectToolCallExtra,
  type DirectToolCalls,
} from '../mcp-server/direct-tool-calls.js';
