export { defineTool, type AnyExaiTool, type ExaiTool, type ToolResult } from './define-tool.js';
export type { ToolContext } from './tool-context.js';
export { toolCatalogue, type ToolCatalogueEntry } from './catalogue/tool-catalogue.js';
export {
  selectTools,
  selectToolsFromEnvironment,
  type SelectToolsOptions,
  type ToolLoadError,
  type ToolSelection,
} from './catalogue/select-tools.js';
export {
  DEFAULT_TOOL_PROFILE,
  isToolProfile,
  toolProfiles,
  type ToolProfile,
} from './catalogue/tool-profile.js';
export { pageTool } from './page/page-tool.js';
export {
  DEFAULT_MAX_RESULT_TOKENS,
  RESULT_PAGES_KIND,
  pageResult,
  readResultPage,
  splitIntoPages,
} from './page/result-pages.js';
export { chatTool } from './chat/chat-tool.js';
export { listModelsTool } from './listmodels-tool.js';
export { versionTool } from './version-tool.js';
export { buildConversation, conversationBudget, estimateTokens } from './chat/build-conversation.js';
export * from './model-call/index.js';
export * from './assistant/index.js';
export * from './workflow/index.js';
