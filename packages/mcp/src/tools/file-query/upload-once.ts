import { basename } from 'node:path';
import { ApiCallError } from '@exai/core';
import type { TextFile, FilesV1 } from '@exai/core';
import { ensureTenant } from '../../model-turn/ensure-tenant.js';
import type { ToolContext } from '../tool-context.js';

export interface ExtractedFile {
  path: string;
  /** The record's key, with the provider id. */
  sha256: string;
  fileId: string;
  /** False when an earlier upload of the same bytes was reused. */
  uploaded: boolean;
  content: string;
}

/**
 * The provider's extracted text of one file (read once by the caller, so the bytes hashed are
 * the bytes uploaded), uploading it only when no upload of the same bytes (by SHA-256, per
 * tenant and provider) is on record, or when the recorded upload is gone upstream. The caller
 * counts the use (`countFileUses`) once its answer is stored.
 */
export async function extractOnce(
  context: ToolContext,
  { providerId, api, file }: { providerId: string; api: FilesV1; file: TextFile },
): Promise<ExtractedFile> {
  const { runtime, tenantId, signal } = context;
  const { store } = runtime;
  const { path, sha256 } = file;
  const record = await store.getFileRecord(tenantId, providerId, sha256);
  if (record !== undefined) {
    try {
      const content = await api.content(record.providerFileId, { abortSignal: signal });
      return { path, sha256, fileId: record.providerFileId, uploaded: false, content };
    } catch (error) {
      if (!(ApiCallError.isInstance(error) && error.statusCode === 404)) throw error;
    }
  }

  const uploaded = await api.upload({
    data: new TextEncoder().encode(file.content),
    filename: basename(file.path),
    purpose: 'file-extract',
    mediaType: 'text/plain',
    abortSignal: signal,
  });
  await ensureTenant(store, tenantId);
  await store.putFileRecord({
    tenantId,
    provider: providerId,
    sha256,
    providerFileId: uploaded.id,
    filename: basename(file.path),
    sizeInBytes: file.bytes,
  });
  const content = await api.content(uploaded.id, { abortSignal: signal });
  return { path, sha256, fileId: uploaded.id, uploaded: true, content };
}

/**
 * Adds one reference per file a stored answer used, as listed on its turn
 * (`PROVIDER_FILES_METADATA_KEY`), so deleting or expiring the thread gives them back and
 * `exai gc` or the sweep deletes an upload no thread uses any more.
 */
export async function countFileUses(
  context: Pick<ToolContext, 'runtime' | 'tenantId'>,
  providerId: string,
  files: readonly ExtractedFile[],
): Promise<void> {
  for (const file of files) {
    await context.runtime.store.adjustFileReferences(context.tenantId, providerId, file.sha256, 1);
  }
}
