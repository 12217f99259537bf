import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  connectClient,
  startTestServer,
  textOf,
  type TestServer,
} from '../test-helpers/start-test-server.js';
import { createTenantLimits } from './tenant-limits.js';
import type { TenantLimitsSettings } from './limit-settings.js';

let upstream: FakeUpstream;
let server: TestServer | undefined;
beforeAll(async () => {
  upstream = await createFakeUpstream({ defaultReply: { text: 'Fine.' } });
});
afterAll(() => upstream.close());
afterEach(async () => {
  await server?.serving.close();
  server = undefined;
  upstream.reset();
});

async function serveWithLimits(settings: TenantLimitsSettings) {
  server = await startTestServer(upstream);
  server.runtime.callLimits = createTenantLimits({ settings });
  return (await connectClient(server.serving.url)).client;
}

describe('tool-level limits over Streamable HTTP', () => {
  it('refuses a call past tokens per minute with an isError result, and no model call', async () => {
    // One call reserves the whole minute (its estimate is larger), then gives back what it did not use.
    const client = await serveWithLimits({ defaults: { tokensPerMinute: 100 } });
    const first = await client.callTool({ name: 'chat', arguments: { prompt: 'hello', model: 'kimi-k2' } });
    expect(first.isError, textOf(first)).toBeFalsy();
    const requestsBefore = upstream.requests.length;
    const second = await client.callTool({ name: 'chat', arguments: { prompt: 'again', model: 'kimi-k2' } });
    expect(second.isError).toBe(true);
    expect(textOf(second)).toMatch(
      /^rate_limited: Rate limit reached: 100 tokens per minute for tenant default\. It resets at \S+ \(in \d+ s\); try again then\./,
    );
    expect(upstream.requests.length).toBe(requestsBefore);
    const audit = await server!.runtime.store.listAudit('default', { action: 'tool.call' });
    expect(audit.items.map((event) => event.detail.outcome)).toEqual(['refused', 'ok']);
    await client.close();
  });

  it('refuses with budget_exhausted when the call would not fit in the budget', async () => {
    const client = await serveWithLimits({ defaults: { monthlyBudget: { usd: 0.000001 } } });
    const result = await client.callTool({ name: 'chat', arguments: { prompt: 'hello', model: 'kimi-k2' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(
      /^budget_exhausted: The monthly budget of \$0\.000001 for tenant default is spent/,
    );
    expect(textOf(result)).toMatch(/renews at \d{4}-\d{2}-01T00:00:00\.000Z/);
    expect(upstream.requests).toHaveLength(0);
    await client.close();
  });
});

describe('the audit record of a call over HTTP', () => {
  it('carries the request id, as the log line of the call does', async () => {
    server = await startTestServer(upstream);
    const transport = new StreamableHTTPClientTransport(new URL(server.serving.url), {
      requestInit: { headers: { 'x-request-id': 'req-7f3a-audit' } },
    });
    const client = new Client({ name: 'correlation', version: '1.0.0' });
    await client.connect(transport);
    const result = await client.callTool({ name: 'version', arguments: {} });
    expect(result.isError).toBeFalsy();
    const audit = await server.runtime.store.listAudit('default', { action: 'tool.call' });
    expect(audit.items).toMatchObject([
      { target: 'version', detail: { correlationId: 'req-7f3a-audit', outcome: 'ok' } },
    ]);
    expect(server.logLines.some((line) => /version ok in \d+ ms \(request req-7f3a-audit\)/.test(line))).toBe(
      true,
    );
    await client.close();
  });
});
