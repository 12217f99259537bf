export { defineTool, type ExaiTool, type ToolResult } from './define-tool.js';
export type { ToolContext } from './tool-context.js';
export { builtinTools } from './builtin-tools.js';
export { chatTool } from './chat/chat-tool.js';
export { listModelsTool } from './listmodels-tool.js';
export { versionTool } from './version-tool.js';
export { buildConversation, conversationBudget, estimateTokens } from './chat/build-conversation.js';
