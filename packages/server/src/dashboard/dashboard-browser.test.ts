import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  createMemorySessionStore,
  createProviderRegistry,
  withStoreTelemetry,
  type SessionStoreV1,
} from '@exai/core';
import {
  createExaiServer,
  createMemoryResponseCacheBackend,
  createResponseCache,
  type ExaiRuntime,
} from '@exai/mcp';
import { createKimi } from '@exai/providers';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createApiKeyVerifier,
  createBearerAuthenticator,
  createDaemonDashboard,
  createExaiMetrics,
  createStoreDashboard,
  generateApiKey,
  serveDashboard,
  serveHttp,
  type Dashboard,
  type DashboardSnapshot,
  type ExaiMetrics,
  type HttpServing,
} from '../index.js';
import { connectClient, rawRequest } from '../test-helpers/start-test-server.js';
import { launchChromium, probeChromium } from './chromium-test-helpers.js';

const hasChromium = probeChromium();
const artifacts = fileURLToPath(new URL('../../../../test-artifacts/', import.meta.url));
const secret = 'sk-live-Q7rT2mX9vB4nL8pZ3kW6yH1cJ5dF0gS';

let upstream: FakeUpstream;
let store: SessionStoreV1;
let metrics: ExaiMetrics;
let dashboard: Dashboard;
let serving: HttpServing;
let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
const keys: Record<'admin' | 'acme' | 'globex', string> = { admin: '', acme: '', globex: '' };
let base: string;

async function addKey(tenantId: string, admin = false): Promise<string> {
  if ((await store.getTenant(tenantId)) === undefined) await store.createTenant({ id: tenantId });
  const generated = generateApiKey({ admin });
  await store.createApiKey({ tenantId, name: 'test', prefix: generated.prefix, hash: generated.hash });
  return generated.key;
}

beforeAll(async () => {
  upstream = await createFakeUpstream();
  // Timed like the CLI's store, so the dashboard has store operations to show.
  store = withStoreTelemetry(createMemorySessionStore());
  keys.admin = await addKey('ops', true);
  keys.acme = await addKey('acme');
  keys.globex = await addKey('globex');
  const runtime: ExaiRuntime = {
    registry: createProviderRegistry({
      providers: [createKimi({ apiKey: 'test-key', baseURL: `${upstream.url}/v1` })],
    }),
    store,
    version: '9.9.9-test',
    // The response cache on for chat (docs/caching.md): every call is a cache lookup.
    responseCache: createResponseCache({
      backend: createMemoryResponseCacheBackend({ maxEntries: 100 }),
      ttlInMs: 60_000,
      tools: ['chat'],
    }),
  };
  metrics = createExaiMetrics({ processMetrics: false });
  dashboard = createDaemonDashboard({ store });
  serving = await serveHttp({
    createServer: () => createExaiServer(runtime),
    port: 0,
    auth: { authenticator: createBearerAuthenticator([createApiKeyVerifier({ store })]) },
    metrics: { metrics },
    dashboard,
  });
  base = serving.url.replace(/\/mcp$/, '');
  if (hasChromium) browser = await launchChromium();
  mkdirSync(artifacts, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await serving?.close();
  dashboard?.close();
  metrics?.close();
  await upstream?.close();
});

/** Tool calls over MCP sessions, as `key`'s tenant: `ok` good ones and `failing` with an unknown model. */
async function load(key: string, { ok, failing, topic }: { ok: number; failing: number; topic: string }) {
  const { client } = await connectClient(serving.url, 'load', { authorization: `Bearer ${key}` });
  for (let index = 0; index < ok; index += 1)
    await client.callTool({
      name: 'chat',
      arguments: { prompt: `${topic} question ${index}`, model: 'kimi-k2' },
    });
  for (let index = 0; index < failing; index += 1)
    await client.callTool({ name: 'chat', arguments: { prompt: `${topic} fails`, model: 'no-such-model' } });
  await client.close();
}

/** Sums the samples of a Prometheus counter whose labels include every one of `labels`. */
function counter(text: string, name: string, labels: Record<string, string>): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([label, value]) => line.includes(`${label}="${value}"`)))
      total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

async function cellText(page: Page, table: string, row: string, column: string): Promise<string> {
  return (
    (await page.locator(`#${table} tbody tr[data-name="${row}"] td[data-col="${column}"]`).textContent()) ??
    ''
  );
}

async function openPage(url: string, key: string | undefined) {
  const page = await browser!.context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(url);
  if (key !== undefined) {
    await page.locator('#login-form').waitFor();
    await page.fill('#key', key);
    await page.click('#login-form button');
  }
  await page.locator('#status[data-state="live"]').waitFor();
  return { page, problems, requests };
}

describe('the dashboard of the HTTP daemon', () => {
  it('serves a page shell with no data, and its data only with credentials', async () => {
    const shell = await rawRequest(`${base}/dashboard`, { method: 'GET' });
    expect(shell.status).toBe(200);
    expect(shell.headers['content-type']).toMatch(/^text\/html/);
    expect(shell.headers['content-security-policy']).toContain("script-src 'self'");
    expect(shell.text).toContain('content="required"');
    for (const path of ['stream', 'snapshot', 'threads?search=x']) {
      const refused = await rawRequest(`${base}/dashboard/api/${path}`, { method: 'GET' });
      expect(refused.status).toBe(401);
      expect(refused.headers['www-authenticate']).toMatch(/^Bearer /);
    }
    const wrongKey = await rawRequest(`${base}/dashboard/api/snapshot`, {
      method: 'GET',
      headers: { authorization: `Bearer ${generateApiKey().key}` },
    });
    expect(wrongKey.status).toBe(401);
    const rebinding = await rawRequest(`${base}/dashboard/api/snapshot`, {
      method: 'GET',
      headers: { authorization: `Bearer ${keys.admin}`, host: 'evil.example.com' },
    });
    expect(rebinding.status).toBe(403);
    const uplot = await rawRequest(`${base}/dashboard/assets/uPlot.iife.min.js`, { method: 'GET' });
    expect(uplot.status).toBe(200);
    expect(uplot.text).toContain('uPlot');
    expect((await rawRequest(`${base}/dashboard/assets/package.json`, { method: 'GET' })).status).toBe(404);
    expect((await rawRequest(`${base}/dashboard/api/snapshot`, { method: 'POST', body: '{}' })).status).toBe(
      405,
    );
    expect((await rawRequest(`${base}/dashboard/api/stream`, { method: 'HEAD' })).status).toBe(405);
    expect((await rawRequest(`${base}/dashboard`, { method: 'HEAD' })).status).toBe(200);
  });

  it.skipIf(!hasChromium)('shows live numbers that change under load and match /metrics', async () => {
    const { page, problems, requests } = await openPage(`${base}/dashboard`, keys.admin);
    expect(await page.textContent('#scope')).toBe('all tenants');
    expect(await page.textContent('[data-tile="calls"] strong')).toBe('0');

    await load(keys.acme, { ok: 9, failing: 2, topic: `acme quarterly numbers ${secret}` });
    await load(keys.globex, { ok: 3, failing: 0, topic: 'globex roadmap' });

    const scraped = await rawRequest(`${base}/metrics`, {
      method: 'GET',
      headers: { authorization: `Bearer ${keys.admin}` },
    });
    expect(scraped.status, scraped.text.slice(0, 300)).toBe(200);
    const { text } = scraped;
    expect(text, text.slice(0, 300)).toContain('exai_tool_calls_total{tool="chat"');
    const chatCalls = counter(text, 'exai_tool_calls_total', { tool: 'chat' });
    const chatErrors = counter(text, 'exai_tool_calls_total', { tool: 'chat', outcome: 'error' });
    const kimiCalls = counter(text, 'exai_provider_calls_total', { provider: 'kimi' });
    expect(chatCalls).toBe(14);
    expect(chatErrors).toBe(2);
    await expect
      .poll(() => cellText(page, 'tools', 'chat', 'calls'), { timeout: 10_000 })
      .toBe(String(chatCalls));
    expect(await cellText(page, 'tools', 'chat', 'errors')).toBe(String(chatErrors));
    expect(await cellText(page, 'providers', 'kimi', 'calls')).toBe(String(kimiCalls));
    expect(await page.textContent('[data-tile="calls"] strong')).toBe(String(chatCalls));
    expect(await page.textContent('[data-tile="errorRate"] strong')).toBe('14%');
    expect(await cellText(page, 'tenants', 'acme', 'calls')).toBe('9');
    expect(await cellText(page, 'tenants', 'globex', 'calls')).toBe('3');

    // The daemon-only panels: cache lookups of chat and the store operations, as /metrics counts them.
    const lookups = counter(text, 'exai_cache_lookups_total', { tool: 'chat' });
    const hits = counter(text, 'exai_cache_lookups_total', { tool: 'chat', outcome: 'hit' });
    expect(lookups).toBeGreaterThan(0);
    await expect
      .poll(() => cellText(page, 'tools', 'chat', 'cache'), { timeout: 10_000 })
      .toBe(`${hits} / ${lookups}`);
    const commits = counter(text, 'exai_store_operation_duration_seconds_count', { operation: 'commitTurn' });
    expect(commits).toBeGreaterThan(0);
    await expect
      .poll(() => page.locator('#store-operations tbody tr[data-name]').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    expect(await cellText(page, 'store-operations', 'commitTurn', 'calls')).toBe(String(commits));

    // The latest calls come from the store's audit records, read on the page's own refresh.
    await expect.poll(() => page.locator('#calls tbody tr[data-name]').count(), { timeout: 10_000 }).toBe(14);
    const latest = (await page.textContent('#calls')) ?? '';
    expect(latest).toContain('acme');
    expect(latest).toContain('globex');
    expect(latest).toContain('no-such-model');
    expect(latest).not.toContain(secret);

    await page.fill('#thread-search', 'globex roadmap');
    await expect.poll(() => page.locator('#threads tbody tr[data-name]').count()).toBe(3);
    expect(await page.textContent('#threads')).not.toContain('acme');
    await page.fill('#thread-search', '');
    await expect.poll(() => page.locator('#threads tbody tr[data-name]').count()).toBe(12);

    await page.screenshot({ path: `${artifacts}dashboard.png`, fullPage: true });
    expect(problems).toEqual([]);
    expect(requests.every((url) => url.startsWith(`${base}/`))).toBe(true);
    await page.close();
  });

  it.skipIf(!hasChromium)('shows a tenant key only its own tenant', async () => {
    const { page, problems } = await openPage(`${base}/dashboard`, keys.globex);
    expect(await page.textContent('#scope')).toBe('tenant globex');
    await expect.poll(() => cellText(page, 'tools', 'chat', 'calls')).toBe('3');
    await expect.poll(() => page.locator('#calls tbody tr[data-name]').count()).toBe(3);
    await expect.poll(() => page.locator('#threads tbody tr[data-name]').count()).toBe(3);
    await page.fill('#thread-search', 'acme');
    await expect.poll(() => page.textContent('#threads tbody')).toBe('No thread found');
    const body = (await page.textContent('body')) ?? '';
    expect(body).not.toContain('acme');
    expect(
      await page
        .locator('#tenants tbody tr[data-name]')
        .evaluateAll((rows) => rows.map((row) => (row as { dataset: { name: string } }).dataset.name)),
    ).toEqual(['globex']);
    await page.screenshot({ path: `${artifacts}dashboard-tenant.png` });
    expect(problems).toEqual([]);
    await page.close();

    const snapshot = (
      await rawRequest(`${base}/dashboard/api/snapshot`, {
        method: 'GET',
        headers: { authorization: `Bearer ${keys.globex}` },
      })
    ).json as DashboardSnapshot;
    expect(snapshot.scope.tenantId).toBe('globex');
    expect(new Set(snapshot.latestCalls.map((call) => call.tenantId))).toEqual(new Set(['globex']));
    expect(JSON.stringify(snapshot)).not.toContain('acme');
  });

  it.skipIf(!hasChromium)('serves the same page over a store alone (exai dashboard)', async () => {
    const fromStore = createStoreDashboard({ store });
    const standalone = await serveDashboard({ dashboard: fromStore, port: 0 });
    try {
      const origin = standalone.url.slice(0, standalone.url.indexOf('/dashboard'));
      expect((await rawRequest(`${origin}/dashboard/api/snapshot`, { method: 'GET' })).status).toBe(401);
      const { page, problems } = await openPage(standalone.url, undefined);
      expect(page.url()).not.toContain('token');
      expect(await page.textContent('#source')).toBe('from the store');
      await expect.poll(() => cellText(page, 'tools', 'chat', 'calls')).toBe('14');
      expect(await cellText(page, 'tools', 'chat', 'errors')).toBe('2');
      expect(await page.textContent('#note')).toContain('known only to a running daemon');
      expect(await page.locator('#breakers').isVisible()).toBe(false);
      expect(await cellText(page, 'providers', 'kimi', 'inFlight')).toBe('n/a');
      await page.screenshot({ path: `${artifacts}dashboard-store.png` });
      expect(problems).toEqual([]);
      await page.close();
    } finally {
      await standalone.close();
      fromStore.close();
    }
  });
});
