import type { ExpireResult } from '@exai/core';
import type { StoreContext } from './store-context.js';

/**
 * Deletes threads (with their turns and workflow state), file records, tasks and stream events whose `expiresAt` is
 * before `now`, in every tenant, in one transaction. The audit trigger records the deletions with
 * the actor `system`.
 */
export async function expire(context: StoreContext, now: Date = context.now()): Promise<ExpireResult> {
  return context.executor.transaction(async (client) => {
    await client.query("select set_config('exai.actor', 'system', true)");
    const threads = await client.query('delete from threads where expires_at < $1', [now]);
    const files = await client.query('delete from files where expires_at < $1', [now]);
    await client.query('delete from tasks where expires_at < $1', [now]);
    await client.query('delete from stream_events where expires_at < $1', [now]);
    return { threads: threads.rowCount ?? 0, files: files.rowCount ?? 0 };
  });
}
