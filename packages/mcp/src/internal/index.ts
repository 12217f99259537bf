/**
 * @exai/mcp/internal — shared by exai's own packages; not a stable API. It may change in any
 * release without notice.
 *
 * What the exai command needs to know about the store records the tools write.
 */
export { RESULT_PAGES_KIND } from '../tools/page/result-pages.js';
