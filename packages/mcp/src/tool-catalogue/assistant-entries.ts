import { apiLookupTool } from '../tools/apilookup/apilookup-tool.js';
import { challengeTool } from '../tools/challenge/challenge-tool.js';
import { consensusTool } from '../tools/consensus/consensus-tool.js';
import { fileQueryTool } from '../tools/file-query/file-query-tool.js';
import { statusTool } from '../tools/status/status-tool.js';
import { threadsTool } from '../tools/threads/threads-tool.js';
import { webSearchTool } from '../tools/web-search/web-search-tool.js';
import type { ToolCatalogueEntry } from './tool-catalogue.js';

/** Tools that answer with several models, search, files, or about the server itself. */
export const assistantEntries: readonly ToolCatalogueEntry[] = [
  { name: 'consensus', profile: 'lean', load: () => consensusTool },
  { name: 'challenge', profile: 'lean', load: () => challengeTool },
  { name: 'web_search', profile: 'standard', load: () => webSearchTool },
  { name: 'file_query', profile: 'standard', load: () => fileQueryTool },
  { name: 'threads', profile: 'standard', load: () => threadsTool },
  { name: 'status', profile: 'standard', load: () => statusTool },
  { name: 'apilookup', profile: 'standard', load: () => apiLookupTool },
];
