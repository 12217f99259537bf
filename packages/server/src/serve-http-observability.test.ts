import { onTelemetry, withStoreTelemetry, type TelemetryEvent } from '@exai/core';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createExaiLogger, createExaiMetrics, lineLoggerOf, type ExaiMetrics } from './index.js';
import type { RequestAuthenticator } from './auth/request-authenticator.js';
import { rawRequest, startTestServer, type TestServer } from './test-helpers/start-test-server.js';

let upstream: FakeUpstream;
let server: TestServer | undefined;
let metrics: ExaiMetrics | undefined;

beforeAll(async () => {
  upstream = await createFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
afterEach(async () => {
  await server?.serving.close();
  metrics?.close();
  server = undefined;
  metrics = undefined;
});

const chatCall = (prompt: string) =>
  JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: { name: 'chat', arguments: { prompt, model: 'kimi-k2' } },
  });

/** Two callers: `Bearer admin` (an admin) and `Bearer alice` (tenant acme); nothing else gets in. */
const twoKeys: RequestAuthenticator = {
  authenticate(request) {
    const header = request.headers.authorization;
    if (header === 'Bearer admin')
      return Promise.resolve({ caller: { kind: 'api-key', tenantId: 'ops', keyId: 'k1', admin: true } });
    if (header === 'Bearer alice')
      return Promise.resolve({ caller: { kind: 'api-key', tenantId: 'acme', keyId: 'k2' } });
    return Promise.resolve({ failure: { message: 'Unauthorized: send a key' } });
  },
};

describe('logs and metrics of the HTTP daemon', () => {
  it('echoes X-Correlation-ID, stamps it on the log lines of the call, and counts the call in /metrics', async () => {
    const written: string[] = [];
    const logger = createExaiLogger({ destination: { write: (text) => written.push(text) } });
    metrics = createExaiMetrics({ processMetrics: false });
    server = await startTestServer(upstream, {
      stateless: true,
      metrics: { metrics },
      logger: lineLoggerOf(logger),
    });
    server.runtime.logger = lineLoggerOf(logger);
    upstream.enqueue({ reply: { text: 'Yes.', usage: { prompt_tokens: 12, completion_tokens: 3 } } });

    const call = await rawRequest(server.serving.url, {
      headers: { 'x-correlation-id': 'trace-abc.1' },
      body: chatCall('Is this logged?'),
    });
    expect(call.status).toBe(200);
    expect(call.headers['x-correlation-id']).toBe('trace-abc.1');
    const entries = written.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries).toContainEqual(
      expect.objectContaining({
        level: 30,
        correlationId: 'trace-abc.1',
        tenantId: 'default',
        msg: expect.stringMatching(/^exai: chat ok in \d+ ms( \(request \S+\))?$/),
      }),
    );

    const insane = await rawRequest(server.serving.url, {
      headers: { 'x-correlation-id': 'has space', 'x-request-id': 'req-7' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' }),
    });
    expect(insane.headers['x-correlation-id']).toBe('req-7');

    const scrape = await rawRequest(server.serving.url.replace(/\/mcp$/, '/metrics'), { method: 'GET' });
    expect(scrape.status).toBe(200);
    expect(scrape.headers['content-type']).toMatch(/^text\/plain/);
    expect(scrape.text).toContain('exai_tool_calls_total{tool="chat",outcome="ok",error_code=""} 1');
    expect(scrape.text).toMatch(
      /exai_provider_calls_total\{provider="kimi",model="[^"]+",outcome="ok",error_code=""\} 1/,
    );
    expect(scrape.text).toMatch(/gen_ai_client_token_usage_sum\{[^}]*gen_ai_token_type="input"\} 12/);
    expect(scrape.text).toMatch(/gen_ai_client_token_usage_sum\{[^}]*gen_ai_token_type="output"\} 3/);
    expect(scrape.text).toContain(
      'exai_tool_call_duration_seconds_bucket{le="0.005",tool="chat",outcome="ok"}',
    );
    expect(scrape.text).toMatch(/exai_provider_in_flight\{provider="kimi"\} 0/);
  });

  it('names the caller’s tenant on the call’s log line and on every telemetry event of the call', async () => {
    const written: string[] = [];
    const logger = createExaiLogger({ destination: { write: (text) => written.push(text) } });
    server = await startTestServer(upstream, { stateless: true, auth: { authenticator: twoKeys } });
    server.runtime.logger = lineLoggerOf(logger);
    withStoreTelemetry(server.runtime.store);
    const events: TelemetryEvent[] = [];
    const stop = onTelemetry((event) => events.push(event));
    try {
      upstream.enqueue({ reply: { text: 'Yes.', usage: { prompt_tokens: 12, completion_tokens: 3 } } });
      const call = await rawRequest(server.serving.url, {
        headers: { authorization: 'Bearer alice', 'x-correlation-id': 'acme-call-1' },
        body: chatCall('Whose call is this?'),
      });
      expect(call.status).toBe(200);
    } finally {
      stop();
    }
    const kinds = new Set(events.map((event) => event.type));
    for (const kind of ['tool-call', 'model-call', 'provider-in-flight', 'store-operation'])
      expect(kinds).toContain(kind);
    expect(events.filter((event) => (event as { tenantId?: string }).tenantId !== 'acme')).toEqual([]);
    const entries = written.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries).toContainEqual(
      expect.objectContaining({
        correlationId: 'acme-call-1',
        tenantId: 'acme',
        msg: expect.stringMatching(/^exai: chat ok in \d+ ms \(request acme-call-1\)$/),
      }),
    );
    const audit = await server.runtime.store.listAudit('acme', { action: 'tool.call' });
    expect(audit.items.map((event) => event.detail.correlationId)).toEqual(['acme-call-1']);
  });

  it('guards /metrics like the API (an admin caller) unless metrics.public', async () => {
    metrics = createExaiMetrics({ processMetrics: false });
    server = await startTestServer(upstream, {
      stateless: true,
      metrics: { metrics },
      auth: { authenticator: twoKeys },
    });
    const url = server.serving.url.replace(/\/mcp$/, '/metrics');
    expect((await rawRequest(url, { method: 'GET' })).status).toBe(401);
    const tenant = await rawRequest(url, { method: 'GET', headers: { authorization: 'Bearer alice' } });
    expect(tenant.status).toBe(403);
    expect(tenant.text).toContain('metrics.public');
    const admin = await rawRequest(url, { method: 'GET', headers: { authorization: 'Bearer admin' } });
    expect(admin.status).toBe(200);
    expect((await rawRequest(url, { method: 'GET', headers: { host: 'evil.example.com' } })).status).toBe(
      403,
    );
    await server.serving.close();

    server = await startTestServer(upstream, {
      stateless: true,
      metrics: { metrics, public: true },
      auth: { authenticator: twoKeys },
    });
    const open = await rawRequest(server.serving.url.replace(/\/mcp$/, '/metrics'), { method: 'GET' });
    expect(open.status).toBe(200);
    expect(open.text).toContain('# TYPE exai_tool_calls_total counter');
  });

  it('redacts credentials logged as fields', () => {
    const written: string[] = [];
    const logger = createExaiLogger({ destination: { write: (text) => written.push(text) } });
    logger.info({ headers: { authorization: 'Bearer sk-secret' }, apiKey: 'sk-also-secret' }, 'request');
    expect(written.join('')).not.toContain('secret');
    expect(written.join('')).toContain('[redacted]');
  });

  it('writes one readable line per entry in the pretty form, and nothing below the level', () => {
    const written: string[] = [];
    const logger = createExaiLogger({
      level: 'warn',
      pretty: true,
      destination: { write: (text) => written.push(text) },
    });
    const log = lineLoggerOf(logger);
    log('exai: chat ok in 5 ms');
    log('exai: warning: the store is slow');
    expect(written).toEqual([
      expect.stringMatching(/^\d\d:\d\d:\d\d WARN {2}exai: warning: the store is slow\n$/),
    ]);
  });
});
