import { basename } from 'node:path';
import { ApiCallError } from '@exai/core';
import type { TextFile, FilesV1 } from '@exai/core';
import { ensureTenant } from '../../model-turn/ensure-tenant.js';
import type { ToolContext } from '../tool-context.js';

export interface ExtractedFile {
  path: string;
  fileId: string;
  /** False when an earlier upload of the same bytes was reused. */
  uploaded: boolean;
  content: string;
}

/**
 * The provider's extracted text of one file (read once by the caller, so the bytes hashed are
 * the bytes uploaded), uploading it only when no upload of the same bytes (by SHA-256, per
 * tenant and provider) is on record, or when the recorded upload is gone upstream. Every use adds
 * one to the record's reference count.
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
      await store.adjustFileReferences(tenantId, providerId, sha256, 1);
      return { path, fileId: record.providerFileId, uploaded: false, content };
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
  await store.adjustFileReferences(tenantId, providerId, sha256, 1);
  const content = await api.content(uploaded.id, { abortSignal: signal });
  return { path, fileId: uploaded.id, uploaded: true, content };
}
