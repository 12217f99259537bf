import { describe, expect, it } from 'vitest';
import { DEFAULT_TENANT_ID } from '../session-store/v1/index.js';
import type { ContractContext } from './contract-context.js';

const now = new Date('2030-06-15T12:00:00.000Z');
const before = new Date('2030-06-15T11:59:59.999Z');
const after = new Date('2030-06-15T12:00:00.001Z');

export function describeExpireContract(context: ContractContext): void {
  describe('expire', () => {
    it('deletes threads and file records that expired before `now`, in every tenant', async () => {
      const { store } = context;
      await store.createTenant({ id: 'tenant-b' });
      for (const tenantId of [DEFAULT_TENANT_ID, 'tenant-b']) {
        await store.createThread({ tenantId, id: 'expired', expiresAt: before });
        await store.appendTurn({ tenantId, threadId: 'expired', role: 'user', content: 'old' });
        await store.putWorkflowState(tenantId, 'expired', { step: 1 });
        await store.createThread({ tenantId, id: 'at-now', expiresAt: now });
        await store.createThread({ tenantId, id: 'later', expiresAt: after });
        await store.createThread({ tenantId, id: 'forever' });
        const file = { tenantId, provider: 'kimi', providerFileId: 'f', sizeInBytes: 1 };
        await store.putFileRecord({ ...file, sha256: 'a'.repeat(64), expiresAt: before });
        await store.adjustFileReferences(tenantId, 'kimi', 'a'.repeat(64), 1);
        await store.putFileRecord({ ...file, sha256: 'b'.repeat(64), expiresAt: now });
        await store.putFileRecord({ ...file, sha256: 'c'.repeat(64) });
      }

      expect(await store.expire(now)).toEqual({ threads: 2, files: 2 });

      for (const tenantId of [DEFAULT_TENANT_ID, 'tenant-b']) {
        const threads = await store.listThreads(tenantId, { includeExpired: true });
        expect(threads.items.map((thread) => thread.id).sort()).toEqual(['at-now', 'forever', 'later']);
        expect(await store.getThread(tenantId, 'expired')).toBeUndefined();
        expect(await store.listTurns(tenantId, 'expired')).toEqual([]);
        expect(await store.getWorkflowState(tenantId, 'expired')).toBeUndefined();
        const files = await store.listFileRecords(tenantId);
        expect(files.items.map((file) => file.sha256[0]).sort()).toEqual(['b', 'c']);
      }
      expect(await store.expire(now)).toEqual({ threads: 0, files: 0 });
    });

    it('uses the store’s clock when no time is given', async () => {
      const { store } = context;
      await store.createThread({
        tenantId: DEFAULT_TENANT_ID,
        id: 'long-gone',
        expiresAt: new Date('2001-01-01'),
      });
      await store.createThread({
        tenantId: DEFAULT_TENANT_ID,
        id: 'far-future',
        expiresAt: new Date('2999-01-01'),
      });
      expect(await store.expire()).toEqual({ threads: 1, files: 0 });
      expect(await store.getThread(DEFAULT_TENANT_ID, 'far-future')).toBeDefined();
    });
  });
}
