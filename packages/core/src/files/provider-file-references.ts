import type { SessionStoreV1, TenantId, TurnRecord } from '../session-store/v1/index.js';

/** One use of a provider-side upload, recorded on the turn that used it. */
export interface ProviderFileReference {
  provider: string;
  sha256: string;
}

/**
 * The turn metadata key under which a tool lists the provider uploads its call used (each one
 * added to the file record's reference count), so deleting the thread can take them back.
 */
export const PROVIDER_FILES_METADATA_KEY = 'providerFiles';

/** The provider uploads the turns of a thread used, one entry per use. */
export function providerFileReferences(turns: readonly TurnRecord[]): ProviderFileReference[] {
  const references: ProviderFileReference[] = [];
  for (const turn of turns) {
    const listed = turn.metadata[PROVIDER_FILES_METADATA_KEY];
    if (!Array.isArray(listed)) continue;
    for (const entry of listed as unknown[]) {
      if (typeof entry !== 'object' || entry === null) continue;
      const { provider, sha256 } = entry as Record<string, unknown>;
      if (typeof provider === 'string' && typeof sha256 === 'string') references.push({ provider, sha256 });
    }
  }
  return references;
}

/**
 * Takes back the references a thread's turns hold on provider uploads (one per use), before the
 * thread is deleted or expires; a record already gone is skipped. Resolves with how many
 * references were released.
 */
export async function releaseThreadFiles(
  store: SessionStoreV1,
  tenantId: TenantId,
  threadId: string,
): Promise<number> {
  const references = providerFileReferences(await store.listTurns(tenantId, threadId));
  let released = 0;
  for (const { provider, sha256 } of references) {
    if ((await store.getFileRecord(tenantId, provider, sha256)) === undefined) continue;
    await store.adjustFileReferences(tenantId, provider, sha256, -1);
    released++;
  }
  return released;
}

/**
 * Deletes a thread after releasing its provider uploads; resolves with whether it existed. exai's
 * `threads` tool and `exai threads rm` go through `deleteConversation` (in `@exai/mcp`), which
 * calls this and also deletes the stored pages of the thread's long results.
 */
export async function deleteThreadAndReleaseFiles(
  store: SessionStoreV1,
  tenantId: TenantId,
  threadId: string,
): Promise<boolean> {
  await releaseThreadFiles(store, tenantId, threadId);
  return store.deleteThread(tenantId, threadId);
}
