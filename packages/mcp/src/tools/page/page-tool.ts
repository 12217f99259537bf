import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { readResultPage } from './read-result-page.js';

/** `page`: the next page of a result too long to return at once. */
export const pageTool = defineTool({
  name: 'page',
  title: 'Next page of a long result',
  description:
    'Return the next page of a long tool result. Results over the size limit end with a line ' +
    'naming a cursor; pass it here. Calls no model.',
  inputSchema: z.object({ cursor: z.string().min(1).describe('The cursor the previous page named.') }),
  outputSchema: z.object({ page: z.number(), page_count: z.number(), next_cursor: z.string().optional() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async execute({ cursor }, { runtime, tenantId }) {
    const result = await readResultPage({ runtime, tenantId, cursor });
    return {
      text: result.text,
      structuredContent: {
        page: result.page,
        page_count: result.pageCount,
        ...(result.nextCursor !== undefined && { next_cursor: result.nextCursor }),
      },
    };
  },
});
