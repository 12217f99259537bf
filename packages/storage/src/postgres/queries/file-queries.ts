import {
  RecordNotFoundError,
  type FileRecord,
  type Page,
  type PageOptions,
  type PutFileRecordInput,
  type TenantId,
} from '@exai/core';
import { withConstraintErrors } from './map-constraint-error.js';
import { decodeCursor, pageLimit, toPage } from './page-cursor.js';
import { optionalDate, optionalText, type StoreContext } from './store-context.js';

export interface FileRow {
  tenant_id: string;
  provider: string;
  sha256: string;
  provider_file_id: string;
  filename: string | null;
  size_bytes: string;
  created_at: Date;
  expires_at: Date | null;
  ref_count: number;
}

export const fileColumns =
  'tenant_id, provider, sha256, provider_file_id, filename, size_bytes, created_at, expires_at, ref_count';

export function mapFileRow(row: FileRow): FileRecord {
  return {
    tenantId: row.tenant_id,
    provider: row.provider,
    sha256: row.sha256,
    providerFileId: row.provider_file_id,
    filename: optionalText(row.filename),
    sizeInBytes: Number(row.size_bytes), // bigint arrives as text
    createdAt: row.created_at,
    expiresAt: optionalDate(row.expires_at),
    refCount: row.ref_count,
  };
}

const byKey = 'tenant_id = $1 and provider = $2 and sha256 = $3';

export async function putFileRecord(context: StoreContext, input: PutFileRecordInput): Promise<FileRecord> {
  const result = await withConstraintErrors(
    { parent: { recordType: 'tenant', recordId: input.tenantId } },
    () =>
      context.executor.query<FileRow>(
        `insert into files (tenant_id, provider, sha256, provider_file_id, filename, size_bytes, created_at, expires_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (tenant_id, provider, sha256) do update set provider_file_id = excluded.provider_file_id,
         filename = coalesce(excluded.filename, files.filename), size_bytes = excluded.size_bytes,
         expires_at = excluded.expires_at
       returning ${fileColumns}`,
        [
          input.tenantId,
          input.provider,
          input.sha256,
          input.providerFileId,
          input.filename ?? null,
          input.sizeInBytes,
          context.now(),
          input.expiresAt ?? null,
        ],
        { idempotent: true },
      ),
  );
  return mapFileRow(result.rows[0]!);
}

export async function getFileRecord(
  context: StoreContext,
  tenantId: TenantId,
  provider: string,
  sha256: string,
): Promise<FileRecord | undefined> {
  const result = await context.executor.query<FileRow>(
    `select ${fileColumns} from files where ${byKey}`,
    [tenantId, provider, sha256],
    { idempotent: true },
  );
  const row = result.rows[0];
  return row === undefined ? undefined : mapFileRow(row);
}

export async function adjustFileReferences(
  context: StoreContext,
  tenantId: TenantId,
  provider: string,
  sha256: string,
  delta: number,
): Promise<FileRecord> {
  const result = await context.executor.query<FileRow>(
    `update files set ref_count = greatest(0, ref_count + $4) where ${byKey} returning ${fileColumns}`,
    [tenantId, provider, sha256, delta],
  );
  const row = result.rows[0];
  if (row === undefined)
    throw new RecordNotFoundError({ recordType: 'file', recordId: `${provider}:${sha256}` });
  return mapFileRow(row);
}

export async function deleteFileRecord(
  context: StoreContext,
  tenantId: TenantId,
  provider: string,
  sha256: string,
): Promise<boolean> {
  const result = await context.executor.query(`delete from files where ${byKey}`, [
    tenantId,
    provider,
    sha256,
  ]);
  return (result.rowCount ?? 0) > 0;
}

/** Keyset-paged on the primary key `(provider, sha256)` within the tenant. */
export async function listFileRecords(
  context: StoreContext,
  tenantId: TenantId,
  options: PageOptions = {},
): Promise<Page<FileRecord>> {
  const limit = pageLimit(options.limit);
  const cursor = decodeCursor(options.cursor, 2);
  const values: unknown[] = [tenantId, limit + 1];
  let after = '';
  if (cursor !== undefined) {
    values.push(cursor[0], cursor[1]);
    after = 'and (provider, sha256) > ($3, $4)';
  }
  const result = await context.executor.query<FileRow>(
    `select ${fileColumns} from files where tenant_id = $1 ${after} order by provider, sha256 limit $2`,
    values,
    { idempotent: true },
  );
  return toPage(result.rows, limit, mapFileRow, (row) => [row.provider, row.sha256]);
}
