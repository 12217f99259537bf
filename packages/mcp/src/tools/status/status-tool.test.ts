import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError, createProviderRegistry, createMemorySessionStore } from '@exai/core';
import type { SessionStoreV1, HttpTransport } from '@exai/core';
import { connectToolHarness, type ToolHarness } from '../tool-test-helpers.js';
import { collectStatus } from './collect-status.js';

let upstream: FakeUpstream;
let harness: ToolHarness;

beforeAll(async () => {
  upstream = await createFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(() => {
  upstream.reset();
});
afterEach(async () => {
  await harness.close();
});

const transport = {
  status: () => ({
    circuits: [
      { key: 'kimi:kimi-k2-0905-preview', state: 'open' as const, failures: 5, successes: 1 },
      { key: 'glm:glm-4.6', state: 'closed' as const, failures: 0, successes: 3 },
    ],
    bulkheads: [{ provider: 'kimi', inFlight: 2, queued: 1, maxConcurrent: 8, maxQueue: 32 }],
  }),
} as unknown as HttpTransport;

/** The store with its `ping` replaced. */
function withPing(store: SessionStoreV1, ping: () => Promise<void>): SessionStoreV1 {
  return new Proxy(store, { get: (target, key) => (key === 'ping' ? ping : Reflect.get(target, key)) });
}

describe('status', () => {
  it('reports providers without keys, circuits, bulkheads, store, profile and load errors', async () => {
    harness = await connectToolHarness(upstream, {
      runtime: {
        transport,
        toolProfile: 'standard',
        toolLoadErrors: [{ name: 'codereview', message: 'boom at load' }],
        providers: [
          {
            id: 'kimi',
            baseURL: `${upstream.url}/v1`,
            apiKey: 'set',
            apiKeyEnvironmentVariables: ['KIMI_API_KEY'],
          },
          {
            id: 'glm',
            baseURL: 'https://api.z.ai/api/paas/v4',
            apiKey: 'missing',
            apiKeyEnvironmentVariables: ['GLM_API_KEY', 'ZHIPUAI_API_KEY'],
          },
        ],
      },
    });
    const result = await harness.call('status', {});
    expect(result.isError).toBe(false);
    expect(result.text).toMatch(/^exai 9\.9\.9-test, up \d+/);
    expect(result.text).toContain('tool profile standard');
    expect(result.text).toMatch(/Store: memory, reachable \(\d+ ms\)/);
    expect(result.text).toContain(`  - kimi ${upstream.url}/v1: key set`);
    expect(result.text).toContain(
      '  - glm https://api.z.ai/api/paas/v4: key missing (set GLM_API_KEY or ZHIPUAI_API_KEY)',
    );
    expect(result.text).toContain('Circuits: 2 (1 not closed)');
    expect(result.text).toContain('  - kimi:kimi-k2-0905-preview: open (5 failures, 1 successes)');
    expect(result.text).toContain('  - kimi: 2/8 in flight, 1/32 queued');
    expect(result.text).toContain('  - codereview: boom at load');
    expect(result.text).not.toContain('test-key');
    expect(JSON.stringify(result.structured)).not.toContain('test-key');
    expect(result.structured).toMatchObject({
      version: '9.9.9-test',
      tool_profile: 'standard',
      store: { kind: 'memory', reachable: true },
      bulkheads: [{ provider: 'kimi', in_flight: 2, queued: 1, max_concurrent: 8, max_queue: 32 }],
    });
    expect(upstream.requests).toHaveLength(0);
  });

  it('reports an unreachable store with its error, and lists registry providers without summaries', async () => {
    const store = withPing(createMemorySessionStore(), async () => {
      throw new StoreUnavailableError({ store: 'postgres', message: 'connection refused by 127.0.0.1:5432' });
    });
    harness = await connectToolHarness(upstream, { runtime: { store } });
    const result = await harness.call('status', {});
    expect(result.isError).toBe(false);
    expect(result.text).toContain('Store: memory, UNREACHABLE: connection refused by 127.0.0.1:5432');
    expect(result.text).toContain('  - kimi: key unknown');
    expect(result.text).toContain('Circuits: none used yet');
    expect(result.text).toContain('Tools: all loaded');
  });

  it('gives up on a store that does not answer', async () => {
    harness = await connectToolHarness(upstream);
    const store = withPing(createMemorySessionStore(), () => new Promise(() => {}));
    const status = await collectStatus(
      { registry: createProviderRegistry({ providers: [] }), store, version: '1' },
      { pingTimeoutInMs: 30 },
    );
    expect(status.store).toMatchObject({ reachable: false, error: 'no answer within 30 ms' });
  });
});
