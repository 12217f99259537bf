import { ApiCallError } from '../errors/api-call-error.js';
import type { FilesV1 } from '../provider/v1/files-v1.js';
import type { FileRecord, Page, SessionStoreV1, TenantId } from '../session-store/v1/index.js';
import { releaseThreadFiles } from './provider-file-references.js';

export interface CollectProviderFilesOptions {
  store: SessionStoreV1;
  /** The files API of a provider id (`kimi`), or undefined when none is configured. */
  filesFor: (provider: string) => FilesV1 | undefined;
  /** The time records and threads expire against. */
  now: Date;
  /**
   * How long an unreferenced record is left alone after its upload, so a call that has just
   * uploaded a file (and counts its reference once the answer is stored) never loses it.
   * Default 1 hour.
   */
  graceInMs?: number;
}

export interface ProviderFileFailure {
  provider: string;
  providerFileId: string;
  message: string;
}

export interface ProviderFileCollection {
  /** Expired threads whose references to provider uploads were taken back. */
  releasedThreads: number;
  /** Uploads deleted at their provider (with their records). */
  deleted: number;
  /** Uploads the provider did not delete; their records stay, and the next run tries again. */
  failed: ProviderFileFailure[];
}

async function allPages<T>(list: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await list(cursor);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return items;
}

/**
 * Deletes, at their provider (`DELETE /files/{id}`) and then in the store, the uploads no live
 * thread uses: first the expired threads of each tenant holding uploads give back their
 * references, then every record that is expired, or unreferenced for longer than `graceInMs`, is
 * deleted upstream. A provider-side failure keeps the record (made to survive the store's own
 * expiry) so the next run tries again; an upload already gone upstream (404) counts as deleted.
 */
export async function collectProviderFiles({
  store,
  filesFor,
  now,
  graceInMs = 60 * 60_000,
}: CollectProviderFilesOptions): Promise<ProviderFileCollection> {
  const collection: ProviderFileCollection = { releasedThreads: 0, deleted: 0, failed: [] };
  const listRecords = (tenantId: TenantId) =>
    allPages((cursor) => store.listFileRecords(tenantId, { limit: 500, ...(cursor && { cursor }) }));
  for (const tenant of await store.listTenants()) {
    let records = await listRecords(tenant.id);
    if (records.length === 0) continue;
    if (records.some((record) => record.refCount > 0)) {
      const threads = await allPages((cursor) =>
        store.listThreads(tenant.id, { includeExpired: true, limit: 500, ...(cursor && { cursor }) }),
      );
      for (const thread of threads) {
        if (thread.expiresAt === undefined || thread.expiresAt >= now) continue;
        if ((await releaseThreadFiles(store, tenant.id, thread.id)) > 0) collection.releasedThreads++;
      }
      records = await listRecords(tenant.id);
    }
    for (const record of records.filter((candidate) => isGarbage(candidate, now, graceInMs))) {
      await deleteUpstream(store, record, { filesFor, now, collection });
    }
  }
  return collection;
}

function isGarbage(record: FileRecord, now: Date, graceInMs: number): boolean {
  if (record.expiresAt !== undefined && record.expiresAt < now) return true;
  return record.refCount <= 0 && record.createdAt.getTime() <= now.getTime() - graceInMs;
}

async function deleteUpstream(
  store: SessionStoreV1,
  record: FileRecord,
  {
    filesFor,
    now,
    collection,
  }: { filesFor: CollectProviderFilesOptions['filesFor']; now: Date; collection: ProviderFileCollection },
): Promise<void> {
  const { tenantId, provider, sha256, providerFileId } = record;
  try {
    const api = filesFor(provider);
    if (api === undefined) {
      throw new Error(`no configured provider "${provider}" offers a files API (is its key set?)`);
    }
    try {
      await api.delete(providerFileId);
    } catch (error) {
      if (!(ApiCallError.isInstance(error) && error.statusCode === 404)) throw error;
    }
  } catch (error) {
    collection.failed.push({
      provider,
      providerFileId,
      message: error instanceof Error ? error.message : String(error),
    });
    // Kept for the next run: an expired record would otherwise go with the store's expiry. A
    // minute on, so a store whose clock runs a little ahead keeps it too.
    if (record.expiresAt !== undefined && record.expiresAt < now) {
      await store.putFileRecord({
        tenantId,
        provider,
        sha256,
        providerFileId,
        ...(record.filename !== undefined && { filename: record.filename }),
        sizeInBytes: record.sizeInBytes,
        expiresAt: new Date(now.getTime() + 60_000),
      });
    }
    return;
  }
  await store.deleteFileRecord(tenantId, provider, sha256);
  collection.deleted++;
}
