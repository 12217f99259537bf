import { z } from 'zod';
import { InvalidArgumentError, RecordNotFoundError } from '@exai/core';
import { ensureTenant } from '../../model-turn/ensure-tenant.js';
import { defineTool } from '../define-tool.js';
import { deleteConversation } from './delete-conversation.js';
import { formatThread, formatThreadList, summarizeThread } from './format-threads.js';
import { listVisibleThreads } from './list-visible-threads.js';

const threadsInputSchema = z.object({
  action: z.enum(['list', 'show', 'search', 'delete']),
  id: z.string().min(1).optional().describe('Thread id (continuation_id), for show and delete.'),
  query: z.string().min(1).optional().describe('Text to find in titles and messages, for search.'),
  limit: z.number().int().min(1).max(100).default(20),
});

/** `threads`: list, show, search and delete the caller's stored conversations. */
export const threadsTool = defineTool({
  name: 'threads',
  title: 'Stored conversations',
  description:
    'List, show, search or delete stored conversations (threads). A thread id is a ' +
    'continuation_id. delete is permanent. Calls no model.',
  inputSchema: threadsInputSchema,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async execute({ action, id, query, limit }, context) {
    const { runtime, tenantId } = context;
    const { store } = runtime;
    if (action === 'list' || action === 'search') {
      if (action === 'search' && query === undefined) {
        throw new InvalidArgumentError({
          argument: 'query',
          message: 'threads search needs `query`: the text to find.',
        });
      }
      const { threads, more } = await listVisibleThreads(context, { limit, search: query });
      const summaries = threads.map(summarizeThread);
      const heading = action === 'search' ? `Threads matching "${query}"` : 'Threads, most recent first';
      return {
        text: formatThreadList(summaries, heading, more),
        structuredContent: { threads: summaries, more },
      };
    }

    if (id === undefined) {
      throw new InvalidArgumentError({
        argument: 'id',
        message: `threads ${action} needs \`id\`: a thread id from threads list.`,
      });
    }
    const notFound = () =>
      new RecordNotFoundError({
        recordType: 'thread',
        recordId: id,
        message: `No thread "${id}" exists (it may have expired or been deleted); threads list shows the ones that do.`,
      });
    const thread = await store.getThread(tenantId, id);
    if (thread === undefined) throw notFound();

    if (action === 'show') {
      const turns = await store.listTurns(tenantId, id);
      // Marked as the thread's, so when it is paged its pages are deleted with the thread.
      return {
        text: formatThread(thread, turns),
        structuredContent: { thread: summarizeThread(thread) },
        threadId: id,
      };
    }

    // With the pages of its long results; its provider uploads lose this thread's references, so
    // exai gc can delete unused ones.
    if (!(await deleteConversation(store, tenantId, id))) throw notFound();
    await ensureTenant(store, tenantId);
    await store.appendAudit({ tenantId, actor: 'mcp', action: 'thread.delete', target: id });
    return {
      text: `Deleted thread ${id} (${thread.turnCount} turns): ${thread.title ?? ''}`.trim(),
      structuredContent: { deleted: id },
    };
  },
});
