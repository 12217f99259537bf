import type { AuthOutcome, BearerTokenVerifier } from './request-authenticator.js';

/** What the tenant gate needs of a session store. */
export interface TenantGateStore {
  getTenant(tenantId: string): Promise<{ disabled: boolean } | undefined>;
  createTenant(input: { id: string }): Promise<unknown>;
}

/**
 * Wraps a verifier whose tenants come from elsewhere (a JWT's claim): a disabled tenant is refused
 * with 401, and a tenant seen for the first time is created, so an identity provider's new
 * organisation works without a step in exai. The tenant's state is reused for `cacheTtlInMs`
 * (default 500 ms), as for API keys.
 */
export function withTenantGate(
  verifier: BearerTokenVerifier,
  { store, cacheTtlInMs = 500 }: { store: TenantGateStore; cacheTtlInMs?: number },
): BearerTokenVerifier {
  type TenantState = 'usable' | 'disabled' | 'missing';
  const known = new Map<string, { state: TenantState; checkedAt: number }>();

  async function stateOf(tenantId: string): Promise<TenantState> {
    const cached = known.get(tenantId);
    if (cached !== undefined && Date.now() - cached.checkedAt < cacheTtlInMs) return cached.state;
    let tenant = await store.getTenant(tenantId);
    if (tenant === undefined) {
      await store.createTenant({ id: tenantId }).catch(() => undefined); // another replica may have won
      tenant = await store.getTenant(tenantId);
    }
    const state: TenantState = tenant === undefined ? 'missing' : tenant.disabled ? 'disabled' : 'usable';
    if (known.size >= 10_000) known.clear();
    known.set(tenantId, { state, checkedAt: Date.now() });
    return state;
  }

  return {
    accepts: (token) => verifier.accepts(token),
    async verify(token): Promise<AuthOutcome> {
      const outcome = await verifier.verify(token);
      if ('failure' in outcome) return outcome;
      const state = await stateOf(outcome.caller.tenantId);
      if (state === 'usable') return outcome;
      const tenant = JSON.stringify(outcome.caller.tenantId);
      return {
        failure: {
          error: 'invalid_token',
          message:
            state === 'disabled'
              ? `Unauthorized: the tenant ${tenant} is disabled`
              : `Unauthorized: the tenant ${tenant} does not exist and could not be created`,
        },
      };
    },
    ...(verifier.close !== undefined && { close: () => verifier.close!() }),
  };
}
