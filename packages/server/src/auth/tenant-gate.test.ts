import { createMemorySessionStore } from '@exai/core';
import { describe, expect, it } from 'vitest';
import type { AuthOutcome, BearerTokenVerifier } from './request-authenticator.js';
import { withTenantGate } from './tenant-gate.js';

const tokenFor = (tenantId: string): BearerTokenVerifier => ({
  accepts: () => true,
  verify: async (): Promise<AuthOutcome> => ({ caller: { kind: 'jwt', tenantId, subject: 'alice' } }),
});

describe('withTenantGate', () => {
  it('creates a tenant seen for the first time, and passes the caller on', async () => {
    const store = createMemorySessionStore();
    const gated = withTenantGate(tokenFor('acme'), { store });
    expect(await gated.verify('t')).toEqual({ caller: { kind: 'jwt', tenantId: 'acme', subject: 'alice' } });
    expect(await store.getTenant('acme')).toMatchObject({ id: 'acme', disabled: false });
  });

  it('refuses a disabled tenant, and one that cannot be created, with 401', async () => {
    const disabledStore = { getTenant: async () => ({ disabled: true }), createTenant: async () => ({}) };
    expect(await withTenantGate(tokenFor('acme'), { store: disabledStore }).verify('t')).toEqual({
      failure: { error: 'invalid_token', message: 'Unauthorized: the tenant "acme" is disabled' },
    });
    const store = {
      getTenant: async () => undefined,
      createTenant: async () => {
        throw new Error('no');
      },
    };
    const outcome = await withTenantGate(tokenFor('acme'), { store, cacheTtlInMs: 0 }).verify('t');
    expect(outcome).toEqual({
      failure: {
        error: 'invalid_token',
        message: 'Unauthorized: the tenant "acme" does not exist and could not be created',
      },
    });
  });
});
