import { deleteThreadAndReleaseFiles, type SessionStoreV1 } from '@exai/core';
import { resultPagesThreadId } from '../page/result-pages.js';

/**
 * Deletes a thread with everything that belongs to it: its turns and workflow state (the store's
 * `deleteThread`), the references its turns hold on provider uploads, and the stored pages of its
 * long results. The `threads` tool and `exai threads rm` both delete through here, so something
 * new that a thread owns is taken care of once, here. The other paths need nothing of it:
 * deleting a tenant removes all its threads, pages included, and the pages expire no later than
 * their thread; until a sweep removes them, `page` refuses pages whose thread is gone.
 * Resolves with whether the thread existed.
 */
export async function deleteConversation(
  store: SessionStoreV1,
  tenantId: string,
  threadId: string,
): Promise<boolean> {
  const existed = await deleteThreadAndReleaseFiles(store, tenantId, threadId);
  // Also when the thread was gone already, so its pages never outlive it.
  await store.deleteThread(tenantId, resultPagesThreadId(threadId));
  return existed;
}
