import { StoreUnavailableError } from '@exai/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPostgresSessionStore } from './create-postgres-session-store.js';
import type { PostgresStoreEvent } from './executor/postgres-executor-settings.js';
import type { PostgresSessionStore } from './postgres-session-store-options.js';
import { probePostgres, useTestSchemas } from './test-support/postgres-test-database.js';
import { createTcpProxy, type TcpProxy } from './test-support/tcp-proxy.js';

const postgres = await probePostgres();
const tenantId = 'default';

async function failure(promise: Promise<unknown>): Promise<{ error: unknown; elapsedInMs: number }> {
  const started = performance.now();
  const error = await promise.then(
    () => expect.fail('expected the call to fail'),
    (rejection: unknown) => rejection,
  );
  return { error, elapsedInMs: performance.now() - started };
}

describe.skipIf(!postgres.available)('PostgreSQL outage and recovery', () => {
  const createSchema = useTestSchemas();
  let proxy: TcpProxy | undefined;
  let store: PostgresSessionStore | undefined;

  afterEach(async () => {
    await store?.close();
    await proxy?.close();
    store = undefined;
    proxy = undefined;
  });

  it('fails fast with StoreUnavailableError while the server is gone, then recovers by itself', async () => {
    const { url, schema } = await createSchema();
    const target = new URL(url);
    proxy = await createTcpProxy({ targetHost: target.hostname, targetPort: Number(target.port || 5432) });
    const events: PostgresStoreEvent[] = [];
    store = await createPostgresSessionStore({
      connectionString: proxy.proxiedUrl(url),
      schema,
      pool: { max: 2, connectionTimeoutInMs: 1_000 },
      retry: { maxRetries: 2, baseDelayInMs: 5, maxDelayInMs: 20 },
      breaker: { volumeThreshold: 3, resetTimeoutInMs: 300 },
      onEvent: (event) => events.push(event),
    });
    await store.createThread({ tenantId, id: 'survivor', title: 'still here' });

    proxy.cut();
    const first = await failure(store.getThread(tenantId, 'survivor'));
    expect(StoreUnavailableError.isInstance(first.error)).toBe(true);
    expect((first.error as Error).message).toContain(`127.0.0.1:${proxy.port}`);
    expect(first.elapsedInMs).toBeLessThan(2_000);
    expect(events.some((event) => event.type === 'retry')).toBe(true);

    for (let call = 0; call < 5 && store.circuitState !== 'open'; call += 1) {
      await failure(store.ping());
    }
    expect(store.circuitState).toBe('open');
    const refused = await failure(
      store.appendTurn({ tenantId, threadId: 'survivor', role: 'user', content: 'x' }),
    );
    expect(StoreUnavailableError.isInstance(refused.error)).toBe(true);
    expect((refused.error as Error).message).toMatch(/circuit is open/);
    expect(refused.elapsedInMs).toBeLessThan(50);

    proxy.restore();
    await vi.waitFor(() => store!.ping(), { timeout: 5_000, interval: 100 });
    expect(store.circuitState).toBe('closed');
    expect(await store.getThread(tenantId, 'survivor')).toMatchObject({ title: 'still here' });
    const appended = await store.appendTurn({
      tenantId,
      threadId: 'survivor',
      role: 'user',
      content: 'back',
    });
    expect(appended.turn.seq).toBe(1);
    const states = events.flatMap((event) => (event.type === 'circuit-state' ? [event.state] : []));
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  it('throws StoreUnavailableError naming the address when the server cannot be reached at all', async () => {
    proxy = await createTcpProxy({ targetHost: '127.0.0.1', targetPort: 1 });
    proxy.cut();
    const { error, elapsedInMs } = await failure(
      createPostgresSessionStore({
        connectionString: `postgres://postgres@127.0.0.1:${proxy.port}/test`,
        retry: { maxRetries: 1, baseDelayInMs: 1 },
      }),
    );
    expect(StoreUnavailableError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      new RegExp(`PostgreSQL at 127\\.0\\.0\\.1:${proxy.port} \\(database "test"\\) is unavailable`),
    );
    expect(elapsedInMs).toBeLessThan(2_000);
  });
});
