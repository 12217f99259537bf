import { challengeTool } from '../challenge/challenge-tool.js';
import { consensusTool } from '../consensus/consensus-tool.js';
import { fileQueryTool } from '../file-query/file-query-tool.js';
import { statusTool } from '../status/status-tool.js';
import { threadsTool } from '../threads/threads-tool.js';
import { webSearchTool } from '../web-search/web-search-tool.js';
import type { ToolCatalogueEntry } from './tool-catalogue.js';

/** Tools that answer with several models, search, files, or about the server itself. */
export const assistantEntries: readonly ToolCatalogueEntry[] = [
  { name: 'consensus', profile: 'lean', load: () => consensusTool },
  { name: 'challenge', profile: 'lean', load: () => challengeTool },
  { name: 'web_search', profile: 'standard', load: () => webSearchTool },
  { name: 'file_query', profile: 'standard', load: () => fileQueryTool },
  { name: 'threads', profile: 'standard', load: () => threadsTool },
  { name: 'status', profile: 'standard', load: () => statusTool },
];
