import { RecordNotFoundError } from '../../errors/record-not-found-error.js';
import type { FileRecord, SessionStoreV1 } from '../v1/index.js';
import { ascending, paginate } from './memory-cursor.js';
import { assertOpen, copy, currentTime, fileKey, requireTenant } from './memory-store-state.js';
import type { MemoryStoreState } from './memory-store-state.js';

type FileOperations = Pick<
  SessionStoreV1,
  'putFileRecord' | 'getFileRecord' | 'adjustFileReferences' | 'deleteFileRecord' | 'listFileRecords'
>;

export function createMemoryFileOperations(state: MemoryStoreState): FileOperations {
  function findFile(tenantId: string, provider: string, sha256: string): FileRecord | undefined {
    const tenant = state.tenants.get(tenantId);
    return tenant?.files.get(fileKey(provider, sha256));
  }

  return {
    async putFileRecord(input) {
      assertOpen(state);
      const tenantId = input.tenantId;
      const provider = input.provider;
      const sha256 = input.sha256;
      const providerFileId = input.providerFileId;
      const filename = input.filename;
      const sizeInBytes = input.sizeInBytes;
      const expiresAt = input.expiresAt;
      const tenant = requireTenant(state, tenantId);
      const key = fileKey(provider, sha256);
      const existing = tenant.files.get(key);
      const record: FileRecord = existing
        ? { ...existing, providerFileId, filename: filename ?? existing.filename, sizeInBytes, expiresAt }
        : {
            tenantId,
            provider,
            sha256,
            providerFileId,
            filename,
            sizeInBytes,
            createdAt: currentTime(state),
            expiresAt,
            refCount: 0,
          };
      tenant.files.set(key, record);
      return copy(record);
    },

    async getFileRecord(tenantId, provider, sha256) {
      assertOpen(state);
      const record = findFile(tenantId, provider, sha256);
      return record === undefined ? undefined : copy(record);
    },

    async adjustFileReferences(tenantId, provider, sha256, delta) {
      assertOpen(state);
      const change = delta;
      const record = findFile(tenantId, provider, sha256);
      if (record === undefined) {
        throw new RecordNotFoundError({
          recordType: 'file',
          recordId: `${provider}:${sha256}`,
          message: `No file record for provider "${provider}" and sha256 "${sha256}" exists in tenant "${tenantId}".`,
        });
      }
      record.refCount = Math.max(0, record.refCount + change);
      return copy(record);
    },

    async deleteFileRecord(tenantId, provider, sha256) {
      assertOpen(state);
      const tenant = state.tenants.get(tenantId);
      return tenant?.files.delete(fileKey(provider, sha256)) ?? false;
    },

    async listFileRecords(tenantId, options) {
      assertOpen(state);
      const tenant = state.tenants.get(tenantId);
      const page = paginate(
        [...(tenant?.files.values() ?? [])],
        options,
        (record) => [record.provider, record.sha256],
        ascending,
      );
      return { items: page.items.map((record) => copy(record)), nextCursor: page.nextCursor };
    },
  };
}
