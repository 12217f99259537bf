/**
 * @exai/mcp/internal — shared by exai's own packages; not a stable API. It may change in any
 * release without notice.
 *
 * What the exai command needs to know about the store records the tools write, how to delete a
 * thread with everything that belongs to it (`deleteConversation`), and the direct `tools/call`
 * runner the HTTP server's stateless path uses (docs/decisions/0038).
 */
export { RESULT_PAGES_KIND } from '../tools/page/result-pages.js';
export { deleteConversation } from '../tools/threads/delete-conversation.js';
export {
  directToolCallsOf,
  type DirectToolCallExtra,
  type DirectToolCalls,
} from '../mcp-server/direct-tool-calls.js';
