import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { APILOOKUP_DESCRIPTION, apiLookupGuidance } from './apilookup-guidance.js';

/** `apilookup`: tells the calling assistant how to look up current API documentation itself. */
export const apiLookupTool = defineTool({
  name: 'apilookup',
  title: 'Look up current API docs',
  description: APILOOKUP_DESCRIPTION,
  inputSchema: z.object({
    prompt: z.string().min(1).describe('The API, SDK or library, and what you need to know about it.'),
    version: z.string().min(1).optional().describe('The version in use, if known.'),
  }),
  outputSchema: z.object({
    query: z.string(),
    today: z.string(),
    search_queries: z.array(z.string()),
    preferred_sources: z.array(z.string()),
    checks: z.array(z.string()),
    instructions: z.string(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async execute({ prompt, version }) {
    const guidance = apiLookupGuidance({
      query: prompt,
      ...(version !== undefined && { version }),
      today: new Date().toISOString().slice(0, 10),
    });
    return { text: guidance.instructions, structuredContent: guidance };
  },
});
