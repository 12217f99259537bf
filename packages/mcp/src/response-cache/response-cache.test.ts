import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFileService, onTelemetry, type TelemetryEvent } from '@exai/core';
import { createTemporaryTree, type TemporaryTree } from '@exai/core/test';
import { toolCatalogue } from '../tool-catalogue/tool-catalogue.js';
import { connectTenantHarness } from '../tools/tenant-test-helpers.js';
import { chatBodies, connectToolHarness, type ToolHarness } from '../tools/tool-test-helpers.js';
import { createMemoryResponseCacheBackend } from './memory-response-cache-backend.js';
import { createResponseCache, type ResponseCacheOptions } from './response-cache.js';
import type { ResponseCacheBackend } from './response-cache-backend.js';

let upstream: FakeUpstream;
let tree: TemporaryTree;
let harness: ToolHarness | undefined;
let now: number;
let lines: string[];

beforeAll(async () => {
  upstream = await createFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(async () => {
  upstream.reset();
  now = Date.parse('2026-01-01T00:00:00Z');
  lines = [];
  tree = await createTemporaryTree();
  await tree.write({ 'src/retry.ts': 'export const retries = 3;\n' });
});
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  await tree.remove();
});

const requests = () => chatBodies(upstream).length;

function cacheOf(options: Partial<ResponseCacheOptions> = {}) {
  return createResponseCache({
    backend: createMemoryResponseCacheBackend({ now: () => now }),
    ttlInMs: 60_000,
    now: () => now,
    ...options,
  });
}

async function connect(cache: ReturnType<typeof cacheOf> | undefined): Promise<ToolHarness> {
  harness = await connectToolHarness(upstream, {
    runtime: {
      files: createFileService({ allowedRoots: [tree.base] }),
      logger: (line) => lines.push(line),
      ...(cache !== undefined && { responseCache: cache }),
    },
  });
  return harness;
}

const ask = { prompt: 'Is 3 retries enough?', model: 'kimi-k2', temperature: 0.2 };

describe('the response cache through MCP', () => {
  it('is off by default: the same call asks the model twice', async () => {
    const client = await connect(undefined);
    await client.call('chat', ask);
    const second = await client.call('chat', ask);
    expect(requests()).toBe(2);
    expect(second.meta?.['exai/cache']).toBeUndefined();
  });

  it('does not cache chat-like tools unless cache.tools names them', async () => {
    const cache = cacheOf();
    const client = await connect(cache);
    await client.call('chat', ask);
    await client.call('chat', ask);
    expect(requests()).toBe(2);
    const served = toolCatalogue.map((entry) => entry.load()).filter((tool) => cache.serves(tool));
    expect(served.map((tool) => tool.name).sort()).toEqual(['file_query', 'web_search']);
  });

  it('never serves a tool that does not declare itself cacheable, even when cache.tools names it', () => {
    const everyTool = toolCatalogue.map((entry) => entry.name);
    const cache = cacheOf({ tools: everyTool });
    const served = toolCatalogue.map((entry) => entry.load()).filter((tool) => cache.serves(tool));
    expect(served.map((tool) => tool.name).sort()).toEqual(['chat', 'consensus', 'file_query', 'web_search']);
    for (const name of ['thinkdeep', 'codereview', 'precommit', 'planner', 'clink', 'threads', 'status'])
      expect(everyTool).toContain(name);
  });

  it('answers an identical call made while the first runs from that call: one upstream request', async () => {
    const client = await connect(cacheOf({ tools: ['chat'] }));
    upstream.enqueue(
      { reply: { text: 'Three is fine.' }, delayBeforeHeadersMs: 300 },
      { reply: { text: 'A different answer.' } },
    );
    const first = client.call('chat', ask);
    await upstream.waitForRequests(1);
    const second = await client.call('chat', ask);
    expect(second.isError).toBe(false);
    expect(second.text).toBe((await first).text);
    expect(second.text).toContain('Three is fine.');
    expect(requests()).toBe(1);
    expect(second.meta?.['exai/cache']).toMatchObject({ hit: true });
    const { items } = await client.store.listAudit('default', { action: 'tool.call' });
    expect(items.map((item) => item.detail.cache).sort()).toEqual(['hit', undefined]);
    expect((await client.store.listUsage('default')).items).toHaveLength(1);
  });

  it('answers the second identical call from the cache: no upstream request, the same result, its age', async () => {
    const events: TelemetryEvent[] = [];
    const stop = onTelemetry((event) => event.type === 'cache-lookup' && events.push(event));
    const client = await connect(cacheOf({ tools: ['chat'] }));
    upstream.enqueue({ reply: { text: 'Three is fine.' } }, { reply: { text: 'A different answer.' } });
    try {
      const first = await client.call('chat', ask);
      now += 4_200;
      const second = await client.call('chat', ask);
      expect(requests()).toBe(1);
      expect(second.isError).toBe(false);
      expect(second.text).toBe(first.text);
      expect(second.text).toContain('Three is fine.');
      expect(second.structured).toEqual(first.structured);
      expect(first.meta?.['exai/cache']).toBeUndefined();
      expect(second.meta?.['exai/cache']).toEqual({
        hit: true,
        age_in_ms: 4_200,
        stored_at: '2026-01-01T00:00:00.000Z',
      });
      expect(events).toEqual([
        { type: 'cache-lookup', tool: 'chat', outcome: 'miss', tenantId: 'default' },
        { type: 'cache-lookup', tool: 'chat', outcome: 'hit', tenantId: 'default' },
      ]);
    } finally {
      stop();
    }
    // A hit is audited as an ok call with 0 tokens, and adds no usage record and no turn.
    const { items } = await client.store.listAudit('default', { action: 'tool.call' });
    const details = items.map((item) => item.detail).reverse();
    expect(details[1]).toMatchObject({
      tool: 'chat',
      outcome: 'ok',
      cache: 'hit',
      inputTokens: 0,
      outputTokens: 0,
    });
    expect(details[0]?.cache).toBeUndefined();
    expect((await client.store.listUsage('default')).items).toHaveLength(1);
    expect(lines.some((line) => /chat ok in \d+ ms from the response cache/.test(line))).toBe(true);
  });

  it('misses when any one parameter changes', async () => {
    const client = await connect(cacheOf({ tools: ['chat'] }));
    await client.call('chat', ask);
    const changes = [
      { temperature: 0.3 },
      { model: 'glm-4.6' },
      { thinking: true },
      { system: 'Answer in one line.' },
      { prompt: 'Is 4 retries enough?' },
      { web_search: false },
    ];
    for (const change of changes) await client.call('chat', { ...ask, ...change });
    expect(requests()).toBe(1 + changes.length);
    await client.call('chat', ask);
    expect(requests()).toBe(1 + changes.length);
  });

  it('never caches a call that continues a thread', async () => {
    const client = await connect(cacheOf({ tools: ['chat'] }));
    const first = await client.call('chat', ask);
    const continued = { ...ask, continuation_id: String(first.structured.continuation_id) };
    await client.call('chat', continued);
    await client.call('chat', continued);
    expect(requests()).toBe(3);
  });

  it('misses when an included file changes, and hits while it does not', async () => {
    const client = await connect(cacheOf({ tools: ['chat'] }));
    const withFile = { ...ask, files: [tree.at('src')] };
    await client.call('chat', withFile);
    await client.call('chat', withFile);
    expect(requests()).toBe(1);
    await tree.write({ 'src/retry.ts': 'export const retries = 5;\n' });
    const changed = await client.call('chat', withFile);
    expect(requests()).toBe(2);
    expect(changed.meta?.['exai/cache']).toBeUndefined();
  });

  it('expires entries after the TTL', async () => {
    const client = await connect(cacheOf({ tools: ['chat'] }));
    await client.call('chat', ask);
    now += 60_000;
    await client.call('chat', ask);
    expect(requests()).toBe(1);
    now += 1;
    await client.call('chat', ask);
    expect(requests()).toBe(2);
  });

  it('never lets one tenant hit another tenant’s entry', async () => {
    const tenants = await connectTenantHarness(upstream, {
      runtime: { responseCache: cacheOf({ tools: ['chat'] }) },
    });
    try {
      await tenants.as('acme').call('chat', ask);
      await tenants.as('globex').call('chat', ask);
      expect(requests()).toBe(2);
      const again = await tenants.as('acme').call('chat', ask);
      expect(requests()).toBe(2);
      expect(again.meta?.['exai/cache']).toMatchObject({ hit: true });
    } finally {
      await tenants.close();
    }
  });

  it('goes through uncached, and logs it, when the backend cannot be reached', async () => {
    const broken: ResponseCacheBackend = {
      description: 'broken',
      get: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')),
      set: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')),
      close: async () => {},
    };
    const client = await connect(cacheOf({ tools: ['chat'], backend: broken }));
    const first = await client.call('chat', ask);
    const second = await client.call('chat', ask);
    expect([first.isError, second.isError]).toEqual([false, false]);
    expect(requests()).toBe(2);
    expect(
      lines.some((line) => /response cache: could not read chat \(connect ECONNREFUSED/.test(line)),
    ).toBe(true);
  });

  it('does not keep a consensus round in which a model failed', async () => {
    const client = await connect(cacheOf({ tools: ['consensus'] }));
    const round = { prompt: 'Ship it?', models: [{ model: 'kimi-k2' }, { model: 'glm-4.6' }] };
    upstream.enqueue({ match: { path: '/glm/chat/completions' }, status: 400 });
    const failed = await client.call('consensus', round);
    expect(failed.structured.failures).toHaveLength(1);
    await client.call('consensus', round);
    expect(requests()).toBe(4);
    await client.call('consensus', round);
    expect(requests()).toBe(4);
  });
});
