import { describe, expect, it } from 'vitest';
import { DEFAULT_TENANT_ID } from '../session-store/v1/index.js';
import type { ContractContext } from './contract-context.js';

/** `markApiKeysUsed`, for stores that keep `lastUsedAt` (every exai adapter does). */
export function describeApiKeyUseContract(context: ContractContext): void {
  describe('API key use', () => {
    it('sets lastUsedAt of the keys named, in any tenant, never moving it back', async () => {
      const { store } = context;
      if (store.markApiKeysUsed === undefined) {
        console.warn(`${store.kind}: no markApiKeysUsed, so no lastUsedAt: skipped`);
        return;
      }
      await store.createTenant({ id: 'acme' });
      const mine = await store.createApiKey({
        tenantId: DEFAULT_TENANT_ID,
        name: 'a',
        prefix: 'exai_t_a',
        hash: 'a'.repeat(64),
      });
      const theirs = await store.createApiKey({
        tenantId: 'acme',
        id: 'key-b',
        name: 'b',
        prefix: 'exai_t_b',
        hash: 'b'.repeat(64),
      });
      const idle = await store.createApiKey({
        tenantId: 'acme',
        id: 'key-c',
        name: 'c',
        prefix: 'exai_t_c',
        hash: 'c'.repeat(64),
      });
      const later = new Date('2030-01-02T03:04:05.000Z');
      const earlier = new Date('2030-01-01T00:00:00.000Z');
      await store.markApiKeysUsed([mine.id, theirs.id, 'no-such-key'], later);
      await store.markApiKeysUsed([mine.id], earlier);
      await store.markApiKeysUsed([], earlier);
      expect((await store.findApiKeyByHash(mine.hash))?.lastUsedAt).toEqual(later);
      expect((await store.listApiKeys('acme')).map((key) => [key.id, key.lastUsedAt])).toEqual([
        [theirs.id, later],
        [idle.id, undefined],
      ]);
    });
  });
}
