import { ApiCallError, type FileRecord, type ProviderV1, type SessionStoreV1 } from '@exai/core';

/** Deletes one upload at its provider; throws when it cannot. */
export type DeleteProviderFile = (record: Pick<FileRecord, 'provider' | 'providerFileId'>) => Promise<void>;

export interface ProviderUploadsResult {
  deleted: number;
  failed: Array<{ provider: string; providerFileId: string; message: string }>;
}

/**
 * The provider-side file deletion of `exai tenants delete`, through each configured provider's
 * file API (`files().delete(id)`). A provider that is not configured, or has no file API, fails
 * that file, naming what to do.
 */
export function providerFileDeleter(
  findProvider: (id: string) => ProviderV1 | undefined,
): DeleteProviderFile {
  return async function deleteProviderFile({ provider: providerId, providerFileId }) {
    const provider = findProvider(providerId);
    if (provider === undefined) {
      throw new Error(`the provider "${providerId}" is not configured here; configure it and run again`);
    }
    const files = provider.files?.();
    if (files === undefined) throw new Error(`the provider "${providerId}" has no file API to delete with`);
    try {
      await files.delete(providerFileId);
    } catch (error) {
      // Already gone at the provider (expired, or deleted before): nothing is left to delete.
      if (ApiCallError.isInstance(error) && error.statusCode === 404) return;
      throw error;
    }
  };
}

/** Deletes the provider-side upload of every file record of `tenantId`, one at a time. */
export async function deleteProviderUploads(
  store: SessionStoreV1,
  tenantId: string,
  deleteProviderFile: DeleteProviderFile,
): Promise<ProviderUploadsResult> {
  const result: ProviderUploadsResult = { deleted: 0, failed: [] };
  let cursor: string | undefined;
  do {
    const page = await store.listFileRecords(tenantId, {
      limit: 500,
      ...(cursor !== undefined && { cursor }),
    });
    for (const record of page.items) {
      try {
        await deleteProviderFile(record);
        result.deleted += 1;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        result.failed.push({ provider: record.provider, providerFileId: record.providerFileId, message });
      }
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return result;
}
