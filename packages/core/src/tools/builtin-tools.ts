import { chatTool } from './chat/chat-tool.js';
import { listModelsTool } from './listmodels-tool.js';
import { versionTool } from './version-tool.js';

/** The tools `createExaiServer` offers by default. */
export const builtinTools = [chatTool, listModelsTool, versionTool] as const;
