import {
  RecordNotFoundError,
  type FileRecord,
  type Page,
  type PageOptions,
  type PutFileRecordInput,
} from '@exai/core';

import { decodeCursor, pageLimit, toPage } from './sqlite-page.js';
import type { TenantQueries } from './sqlite-tenants.js';
import { fromOptionalMs, orNull, toMs, toOptionalMs, type SqliteContext } from './sqlite-values.js';

export interface FileRow {
  tenant_id: string;
  provider: string;
  sha256: string;
  provider_file_id: string;
  filename: string | null;
  size_bytes: number;
  created_at: number;
  expires_at: number | null;
  ref_count: number;
}

export const selectFilesSql = 'SELECT * FROM files ORDER BY tenant_id, provider, sha256';

export function toFileRecord(row: FileRow): FileRecord {
  return {
    tenantId: row.tenant_id,
    provider: row.provider,
    sha256: row.sha256,
    providerFileId: row.provider_file_id,
    filename: row.filename ?? undefined,
    sizeInBytes: row.size_bytes,
    createdAt: new Date(row.created_at),
    expiresAt: fromOptionalMs(row.expires_at),
    refCount: row.ref_count,
  };
}

type FileKey = [tenantId: string, provider: string, sha256: string];

const fileKey = (tenantId: string, provider: string, sha256: string): FileKey => [tenantId, provider, sha256];

export function createFileQueries({ db, now }: SqliteContext, tenants: TenantQueries) {
  const insertSql = `INSERT INTO files (tenant_id, provider, sha256, provider_file_id, filename, size_bytes, created_at,
                                        expires_at, ref_count)
     VALUES (@tenant_id, @provider, @sha256, @provider_file_id, @filename, @size_bytes, @created_at, @expires_at,
             @ref_count)`;
  const upsert = db.prepare<[FileRow], FileRow>(
    `${insertSql} ON CONFLICT (tenant_id, provider, sha256) DO UPDATE SET
       provider_file_id = excluded.provider_file_id, filename = coalesce(excluded.filename, files.filename),
       size_bytes = excluded.size_bytes, expires_at = excluded.expires_at
     RETURNING *`,
  );
  const insertIgnoring = db.prepare<[FileRow]>(`${insertSql} ON CONFLICT DO NOTHING`);
  const get = db.prepare<FileKey, FileRow>(
    'SELECT * FROM files WHERE tenant_id = ? AND provider = ? AND sha256 = ?',
  );
  const adjust = db.prepare<[number, ...FileKey], FileRow>(
    `UPDATE files SET ref_count = max(0, ref_count + ?) WHERE tenant_id = ? AND provider = ? AND sha256 = ?
     RETURNING *`,
  );
  const remove = db.prepare<FileKey>('DELETE FROM files WHERE tenant_id = ? AND provider = ? AND sha256 = ?');
  const list = db.prepare<
    [{ tenantId: string; provider: string | null; sha256: string | null; limit: number }],
    FileRow
  >(
    `SELECT * FROM files WHERE tenant_id = @tenantId
       AND (@provider IS NULL OR provider > @provider OR (provider = @provider AND sha256 > @sha256))
     ORDER BY provider, sha256 LIMIT @limit`,
  );

  const toRow = (record: FileRecord): FileRow => ({
    tenant_id: record.tenantId,
    provider: record.provider,
    sha256: record.sha256,
    provider_file_id: record.providerFileId,
    filename: orNull(record.filename),
    size_bytes: record.sizeInBytes,
    created_at: toMs(record.createdAt, 'createdAt'),
    expires_at: toOptionalMs(record.expiresAt, 'expiresAt'),
    ref_count: record.refCount,
  });

  return {
    put: db.transaction((input: PutFileRecordInput): FileRecord => {
      const [tenantId, provider, sha256] = fileKey(input.tenantId, input.provider, input.sha256);
      const record: FileRecord = {
        tenantId,
        provider,
        sha256,
        providerFileId: input.providerFileId,
        filename: input.filename,
        sizeInBytes: input.sizeInBytes,
        createdAt: now(),
        expiresAt: input.expiresAt,
        refCount: 0,
      };
      if (!tenants.exists(tenantId))
        throw new RecordNotFoundError({ recordType: 'tenant', recordId: tenantId });
      const row = upsert.get(toRow(record));
      if (row === undefined) throw new Error(`File record ${input.provider}:${input.sha256} was not stored.`);
      return toFileRecord(row);
    }).immediate,
    get(...key: FileKey): FileRecord | undefined {
      const row = get.get(...fileKey(...key));
      return row === undefined ? undefined : toFileRecord(row);
    },
    adjustReferences(tenantId: string, provider: string, sha256: string, delta: number): FileRecord {
      const row = adjust.get(delta, ...fileKey(tenantId, provider, sha256));
      if (row === undefined)
        throw new RecordNotFoundError({ recordType: 'file', recordId: `${provider}:${sha256}` });
      return toFileRecord(row);
    },
    delete: (...key: FileKey): boolean => remove.run(...fileKey(...key)).changes > 0,
    list(tenantId: string, options: PageOptions = {}): Page<FileRecord> {
      const limit = pageLimit(options.limit);
      const [provider, sha256] = (decodeCursor(options.cursor, ['string', 'string']) ?? [null, null]) as [
        string | null,
        string | null,
      ];
      const rows = list.all({
        tenantId: tenantId,
        provider,
        sha256,
        limit: limit + 1,
      });
      return toPage(rows, limit, toFileRecord, (row) => [row.provider, row.sha256]);
    },
    /** Inserts unless the key exists; returns whether it did. */
    insertRecord: (record: FileRecord): boolean => insertIgnoring.run(toRow(record)).changes > 0,
  };
}
