import { describe, expect, it } from 'vitest';
import { RecordExistsError } from '../errors/record-exists-error.js';
import { RecordNotFoundError } from '../errors/record-not-found-error.js';
import { DEFAULT_TENANT_ID } from '../session-store/v1/index.js';
import type { ContractContext } from './contract-context.js';
import { expectRejection } from './contract-helpers.js';

export function describeTenantContract(context: ContractContext): void {
  describe('tenants', () => {
    it('has the tenant `default` from the start, and only it', async () => {
      const tenant = await context.store.getTenant(DEFAULT_TENANT_ID);
      expect(tenant).toMatchObject({ id: DEFAULT_TENANT_ID, disabled: false, settings: {} });
      expect(tenant?.createdAt).toBeInstanceOf(Date);
      expect((await context.store.listTenants()).map((t) => t.id)).toEqual([DEFAULT_TENANT_ID]);
    });

    it('creates, gets and lists tenants', async () => {
      const settings = { budget: { monthlyInUsd: 25.5 }, models: ['glm:glm-4.6'], note: 'Zürich ✓' };
      const created = await context.store.createTenant({ id: 'acme', name: 'Acme Inc.', settings });
      expect(created).toEqual({
        id: 'acme',
        name: 'Acme Inc.',
        createdAt: expect.any(Date),
        disabled: false,
        settings,
      });
      expect(await context.store.getTenant('acme')).toEqual(created);
      const ids = (await context.store.listTenants()).map((t) => t.id).sort();
      expect(ids).toEqual(['acme', DEFAULT_TENANT_ID]);
    });

    it('names a tenant after its id and gives it empty settings when none are given', async () => {
      const created = await context.store.createTenant({ id: 'plain' });
      expect(created).toMatchObject({ id: 'plain', name: 'plain', settings: {}, disabled: false });
    });

    it('refuses a tenant id that exists, `default` included', async () => {
      await context.store.createTenant({ id: 'acme' });
      await expectRejection(context.store.createTenant({ id: 'acme' }), RecordExistsError);
      await expectRejection(context.store.createTenant({ id: DEFAULT_TENANT_ID }), RecordExistsError);
    });

    it('reads an unknown tenant as undefined', async () => {
      expect(await context.store.getTenant('no-such-tenant')).toBeUndefined();
    });
  });

  describe('API keys', () => {
    const key = (tenantId: string, suffix: string) => ({
      tenantId,
      name: `key ${suffix}`,
      prefix: `exai_${suffix}`,
      hash: `${suffix.padEnd(8, '0')}`.repeat(8),
    });

    it('creates keys with a generated id and lists them per tenant', async () => {
      await context.store.createTenant({ id: 'acme' });
      const created = await context.store.createApiKey(key(DEFAULT_TENANT_ID, 'aa11'));
      expect(created).toEqual({
        id: expect.any(String),
        tenantId: DEFAULT_TENANT_ID,
        name: 'key aa11',
        prefix: 'exai_aa11',
        hash: key(DEFAULT_TENANT_ID, 'aa11').hash,
        createdAt: expect.any(Date),
        revokedAt: undefined,
        lastUsedAt: undefined,
      });
      expect(created.id).not.toBe('');
      const other = await context.store.createApiKey({ ...key('acme', 'bb22'), id: 'acme-key' });
      expect(other.id).toBe('acme-key');
      expect(await context.store.listApiKeys(DEFAULT_TENANT_ID)).toEqual([created]);
      expect(await context.store.listApiKeys('acme')).toEqual([other]);
      expect(await context.store.listApiKeys('no-such-tenant')).toEqual([]);
    });

    it('refuses a key id that exists', async () => {
      await context.store.createApiKey({ ...key(DEFAULT_TENANT_ID, 'aa11'), id: 'k1' });
      await expectRejection(
        context.store.createApiKey({ ...key(DEFAULT_TENANT_ID, 'bb22'), id: 'k1' }),
        RecordExistsError,
      );
    });

    it('refuses a second key with the same hash, in any tenant', async () => {
      await context.store.createTenant({ id: 'acme' });
      await context.store.createApiKey(key(DEFAULT_TENANT_ID, 'aa11'));
      const sameHash = { ...key('acme', 'bb22'), hash: key(DEFAULT_TENANT_ID, 'aa11').hash };
      await expectRejection(context.store.createApiKey(sameHash), RecordExistsError);
      expect(await context.store.listApiKeys('acme')).toEqual([]);
    });

    it('refuses a key for an unknown tenant', async () => {
      await expectRejection(context.store.createApiKey(key('no-such-tenant', 'aa11')), RecordNotFoundError);
    });

    it('finds a key by its hash in any tenant', async () => {
      await context.store.createTenant({ id: 'acme' });
      const created = await context.store.createApiKey(key('acme', 'bb22'));
      expect(await context.store.findApiKeyByHash(created.hash)).toEqual(created);
      expect(await context.store.findApiKeyByHash('f'.repeat(64))).toBeUndefined();
    });

    it('revokes a key, which is still found by hash with its revokedAt', async () => {
      const created = await context.store.createApiKey(key(DEFAULT_TENANT_ID, 'aa11'));
      expect(await context.store.revokeApiKey(DEFAULT_TENANT_ID, created.id)).toBe(true);
      const found = await context.store.findApiKeyByHash(created.hash);
      expect(found?.revokedAt).toBeInstanceOf(Date);
      expect(found).toEqual({ ...created, revokedAt: found?.revokedAt });
      expect((await context.store.listApiKeys(DEFAULT_TENANT_ID))[0]?.revokedAt).toEqual(found?.revokedAt);
    });

    it('revokes nothing for an unknown key or another tenant’s key', async () => {
      await context.store.createTenant({ id: 'acme' });
      const created = await context.store.createApiKey(key(DEFAULT_TENANT_ID, 'aa11'));
      expect(await context.store.revokeApiKey(DEFAULT_TENANT_ID, 'no-such-key')).toBe(false);
      expect(await context.store.revokeApiKey('acme', created.id)).toBe(false);
      expect((await context.store.findApiKeyByHash(created.hash))?.revokedAt).toBeUndefined();
    });
  });
}
