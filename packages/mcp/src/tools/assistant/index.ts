export { consensusTool } from '../consensus/consensus-tool.js';
export { challengeTool } from '../challenge/challenge-tool.js';
export { webSearchTool } from '../web-search/web-search-tool.js';
export { fileQueryTool } from '../file-query/file-query-tool.js';
export { statusTool } from '../status/status-tool.js';
export { threadsTool } from '../threads/threads-tool.js';
