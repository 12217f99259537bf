import { describe, expect, it } from 'vitest';
import { RecordNotFoundError } from '../errors/record-not-found-error.js';
import { DEFAULT_TENANT_ID, type PutFileRecordInput } from '../session-store/v1/index.js';
import type { ContractContext } from './contract-context.js';
import { collectPages, expectRejection } from './contract-helpers.js';

const tenantId = DEFAULT_TENANT_ID;
const sha = (seed: string) => seed.padEnd(64, '0');

function fileInput(seed: string, extra: Partial<PutFileRecordInput> = {}): PutFileRecordInput {
  return {
    tenantId,
    provider: 'kimi',
    sha256: sha(seed),
    providerFileId: `file-${seed}`,
    sizeInBytes: 1024,
    ...extra,
  };
}

export function describeFileContract(context: ContractContext): void {
  describe('file records', () => {
    it('puts a record with no references, and gets it', async () => {
      const put = await context.store.putFileRecord(
        fileInput('a1', { filename: 'notes ✓.md', expiresAt: new Date('2100-01-01T00:00:00Z') }),
      );
      expect(put).toEqual({
        tenantId,
        provider: 'kimi',
        sha256: sha('a1'),
        providerFileId: 'file-a1',
        filename: 'notes ✓.md',
        sizeInBytes: 1024,
        createdAt: expect.any(Date),
        expiresAt: new Date('2100-01-01T00:00:00Z'),
        refCount: 0,
      });
      expect(await context.store.getFileRecord(tenantId, 'kimi', sha('a1'))).toEqual(put);
      expect(await context.store.getFileRecord(tenantId, 'kimi', sha('ff'))).toBeUndefined();
    });

    it('replaces provider file id, size and expiry on a second put, keeping the count', async () => {
      const first = await context.store.putFileRecord(
        fileInput('a1', { expiresAt: new Date('2100-01-01T00:00:00Z') }),
      );
      await context.store.adjustFileReferences(tenantId, 'kimi', sha('a1'), 2);
      const second = await context.store.putFileRecord(
        fileInput('a1', {
          providerFileId: 'file-reuploaded',
          sizeInBytes: 2048,
          expiresAt: new Date('2100-06-01T00:00:00Z'),
        }),
      );
      expect(second).toMatchObject({
        providerFileId: 'file-reuploaded',
        sizeInBytes: 2048,
        expiresAt: new Date('2100-06-01T00:00:00Z'),
        refCount: 2,
        createdAt: first.createdAt,
      });
      expect(await context.store.getFileRecord(tenantId, 'kimi', sha('a1'))).toEqual(second);
    });

    it('adjusts references up and down, never below zero', async () => {
      await context.store.putFileRecord(fileInput('a1'));
      const adjust = (delta: number) =>
        context.store.adjustFileReferences(tenantId, 'kimi', sha('a1'), delta);
      expect((await adjust(3)).refCount).toBe(3);
      expect((await adjust(-1)).refCount).toBe(2);
      expect((await adjust(-10)).refCount).toBe(0);
      expect((await adjust(1)).refCount).toBe(1);
      expect((await context.store.getFileRecord(tenantId, 'kimi', sha('a1')))?.refCount).toBe(1);
    });

    it('refuses to adjust an unknown file record', async () => {
      await expectRejection(
        context.store.adjustFileReferences(tenantId, 'kimi', sha('ff'), 1),
        RecordNotFoundError,
      );
    });

    it('refuses a file record for an unknown tenant', async () => {
      await expectRejection(
        context.store.putFileRecord(fileInput('a1', { tenantId: 'no-such-tenant' })),
        RecordNotFoundError,
      );
    });

    it('keeps providers and tenants apart', async () => {
      await context.store.createTenant({ id: 'tenant-b' });
      await context.store.putFileRecord(fileInput('a1', { providerFileId: 'kimi-file' }));
      await context.store.putFileRecord(fileInput('a1', { provider: 'glm', providerFileId: 'glm-file' }));
      await context.store.adjustFileReferences(tenantId, 'glm', sha('a1'), 5);

      expect(await context.store.getFileRecord(tenantId, 'kimi', sha('a1'))).toMatchObject({
        providerFileId: 'kimi-file',
        refCount: 0,
      });
      expect(await context.store.getFileRecord('tenant-b', 'kimi', sha('a1'))).toBeUndefined();
      expect((await context.store.listFileRecords('tenant-b')).items).toEqual([]);
      await expectRejection(
        context.store.adjustFileReferences('tenant-b', 'glm', sha('a1'), 1),
        RecordNotFoundError,
      );
      expect(await context.store.deleteFileRecord('tenant-b', 'glm', sha('a1'))).toBe(false);
    });

    it('pages through file records, each exactly once', async () => {
      const seeds = ['a1', 'b2', 'c3', 'd4', 'e5'];
      for (const seed of seeds) await context.store.putFileRecord(fileInput(seed));
      const pages = await collectPages((cursor) =>
        context.store.listFileRecords(tenantId, { limit: 2, cursor }),
      );
      expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
      expect(
        pages
          .flat()
          .map((file) => file.sha256)
          .sort(),
      ).toEqual(seeds.map(sha));

      const whole = await context.store.listFileRecords(tenantId, { limit: 5 });
      expect(whole.items).toHaveLength(5);
      expect(whole.nextCursor).toBeUndefined();
    });

    it('deletes a record', async () => {
      await context.store.putFileRecord(fileInput('a1'));
      expect(await context.store.deleteFileRecord(tenantId, 'kimi', sha('a1'))).toBe(true);
      expect(await context.store.getFileRecord(tenantId, 'kimi', sha('a1'))).toBeUndefined();
      expect(await context.store.deleteFileRecord(tenantId, 'kimi', sha('a1'))).toBe(false);
    });
  });
}
