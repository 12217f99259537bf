import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { FakeUpstream } from '@exai/testkit';
import type { ExaiRuntime } from '../mcp-server/exai-runtime.js';
import { connectToolHarness, type CallResult, type ToolHarness } from './tool-test-helpers.js';

/** One MCP server that several tenants call, each request carrying its tenant as HTTP auth sets it. */
export interface TenantHarness {
  store: ToolHarness['store'];
  runtime: ExaiRuntime;
  /** Calls tools as `tenantId` (its `authInfo.extra.tenantId`), or unauthenticated when undefined. */
  as(tenantId: string | undefined): {
    call(name: string, args: Record<string, unknown>): Promise<CallResult>;
  };
  close(): Promise<void>;
}

function authInfoFor(tenantId: string): AuthInfo {
  return {
    token: `token-of-${tenantId}`,
    clientId: tenantId,
    scopes: [],
    extra: { tenantId, keyId: `key-${tenantId}` },
  };
}

/**
 * A `connectToolHarness` whose messages carry the `authInfo` of the tenant a call is made as (the
 * in-memory transport hands `authInfo` to the server as the Streamable HTTP transport does after
 * authentication). Calls run one at a time, so each is sent with its own tenant.
 */
export async function connectTenantHarness(
  upstream: FakeUpstream,
  options: Omit<NonNullable<Parameters<typeof connectToolHarness>[1]>, 'authInfo'> = {},
): Promise<TenantHarness> {
  let current: AuthInfo | undefined;
  const harness = await connectToolHarness(upstream, { ...options, authInfo: () => current });
  let queue: Promise<unknown> = Promise.resolve();
  return {
    store: harness.store,
    runtime: harness.runtime,
    as(tenantId) {
      return {
        call(name, args) {
          const run = queue.then(() => {
            current = tenantId === undefined ? undefined : authInfoFor(tenantId);
            return harness.call(name, args);
          });
          queue = run.catch(() => undefined);
          return run;
        },
      };
    },
    close: () => harness.close(),
  };
}
