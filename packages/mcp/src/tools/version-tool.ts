import { z } from 'zod';
import { defineTool } from './define-tool.js';

/** `version`: the server's version and store, without calling a model. */
export const versionTool = defineTool({
  name: 'version',
  title: 'exai version',
  description: 'Report the exai server version, its session store and Node.js version. Calls no model.',
  inputSchema: z.object({}),
  outputSchema: z.object({ version: z.string(), store: z.string(), node: z.string() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async execute(_input, { runtime }) {
    const structuredContent = { version: runtime.version, store: runtime.store.kind, node: process.version };
    return {
      text: `exai ${runtime.version} (store: ${runtime.store.kind}, Node.js ${process.version})`,
      structuredContent,
    };
  },
});
