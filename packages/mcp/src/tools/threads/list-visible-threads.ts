import { RESULT_PAGES_KIND } from '../page/result-pages.js';
import type { ThreadRecord } from '@exai/core';
import type { ToolContext } from '../tool-context.js';

/**
 * The tenant's conversations, most recently updated first, leaving out the threads that only
 * hold the pages of a long result. `search` matches titles and turn contents, case-insensitively.
 */
export async function listVisibleThreads(
  { runtime, tenantId }: Pick<ToolContext, 'runtime' | 'tenantId'>,
  { limit, search }: { limit: number; search?: string | undefined },
): Promise<{ threads: ThreadRecord[]; more: boolean }> {
  const threads: ThreadRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await runtime.store.listThreads(tenantId, {
      limit: Math.min(500, limit + 10),
      ...(cursor !== undefined && { cursor }),
      ...(search !== undefined && { search }),
    });
    for (const thread of page.items) {
      if (thread.metadata.kind === RESULT_PAGES_KIND) continue;
      if (threads.length === limit) return { threads, more: true };
      threads.push(thread);
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return { threads, more: false };
}
