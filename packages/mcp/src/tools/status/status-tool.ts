import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { collectStatus } from './collect-status.js';
import { formatStatus } from './format-status.js';

/** `status`: the server's health — providers, circuits, bulkheads, store, tools — without a model call. */
export const statusTool = defineTool({
  name: 'status',
  title: 'Server status',
  description:
    'Report exai’s health: providers (key set or missing), circuit breakers, bulkheads, session ' +
    'store reachability, tool profile and load errors, version, uptime. Calls no model.',
  inputSchema: z.object({}),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async execute(_input, { runtime }) {
    const status = await collectStatus(runtime);
    return { text: formatStatus(status), structuredContent: { ...status } };
  },
});
