import type { AnyExaiTool } from '../tools/define-tool.js';
import { chatTool } from '../tools/chat/chat-tool.js';
import { clinkTool } from '../tools/clink/clink-tool.js';
import { listModelsTool } from '../tools/listmodels-tool.js';
import { pageTool } from '../tools/page/page-tool.js';
import { versionTool } from '../tools/version-tool.js';
import { assistantEntries } from './assistant-entries.js';
import type { ToolProfile } from './tool-profile.js';
import { workflowEntries } from './workflow-entries.js';

/** One tool the server can offer: its name, the smallest profile that offers it, and how to build it. */
export interface ToolCatalogueEntry {
  name: string;
  profile: ToolProfile;
  /** Builds the tool; a throw is reported by `status` as a load error, never swallowed. */
  load(): AnyExaiTool;
}

/** Every tool exai ships, in the order clients list them. */
export const toolCatalogue: readonly ToolCatalogueEntry[] = [
  { name: 'chat', profile: 'lean', load: () => chatTool },
  ...workflowEntries,
  ...assistantEntries,
  { name: 'clink', profile: 'full', load: () => clinkTool },
  { name: 'listmodels', profile: 'lean', load: () => listModelsTool },
  { name: 'page', profile: 'lean', load: () => pageTool },
  { name: 'version', profile: 'standard', load: () => versionTool },
];
