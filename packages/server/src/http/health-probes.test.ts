import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  initializeBody,
  rawRequest,
  startTestServer,
  type TestServer,
} from '../test-helpers/start-test-server.js';

let upstream: FakeUpstream;
let server: TestServer | undefined;
beforeAll(async () => {
  upstream = await createFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
afterEach(async () => {
  await server?.serving.close();
  server = undefined;
});

const probe = (url: string, path: string) => rawRequest(url.replace(/\/mcp$/, path), { method: 'GET' });

describe('/livez, /readyz and draining', () => {
  it('is live and ready; not ready while the store is unreachable, without saying more', async () => {
    let storeUp = true;
    server = await startTestServer(upstream, {
      stateless: true,
      checkReady: async () => {
        if (!storeUp) throw new Error('connect ECONNREFUSED db.internal:5432');
      },
    });
    const { url } = server.serving;
    expect(await probe(url, '/livez')).toMatchObject({ status: 200, json: { status: 'ok' } });
    expect(await probe(url, '/readyz')).toMatchObject({ status: 200, json: { status: 'ready' } });
    storeUp = false;
    const down = await probe(url, '/readyz');
    expect(down).toMatchObject({
      status: 503,
      json: { status: 'unavailable', reason: 'the store is unreachable' },
    });
    expect(down.text).not.toContain('db.internal');
    expect((await probe(url, '/healthz')).status).toBe(200);
  });

  it('is not ready, soon, when the store does not answer at all (a silent connection)', async () => {
    let silent = false;
    server = await startTestServer(upstream, {
      stateless: true,
      checkReady: () => (silent ? new Promise<never>(() => {}) : Promise.resolve()),
    });
    const { url } = server.serving;
    expect((await probe(url, '/readyz')).status).toBe(200);
    silent = true;
    const down = await probe(url, '/readyz');
    expect(down).toMatchObject({
      status: 503,
      json: { status: 'unavailable', reason: 'the store did not answer in time' },
    });
    silent = false;
    expect((await probe(url, '/readyz')).status).toBe(200);
  });

  it('reports the checks it made: the store and how the configuration resolved', async () => {
    server = await startTestServer(upstream, {
      stateless: true,
      checkReady: async () => ({
        store: 'reachable',
        config: { status: 'loaded', providers: ['kimi'], keyless: [] },
      }),
    });
    expect(await probe(server.serving.url, '/readyz')).toMatchObject({
      status: 200,
      json: {
        status: 'ready',
        checks: {
          store: 'reachable',
          config: { status: 'loaded', providers: ['kimi'], keyless: [] },
          draining: false,
        },
      },
    });
  });

  it('while draining: /readyz says so, new requests get 503 with Retry-After, cancels still pass', async () => {
    server = await startTestServer(upstream);
    const { url } = server.serving;
    const opened = await rawRequest(url, { body: initializeBody() });
    const sessionId = opened.headers['mcp-session-id'] as string;
    server.serving.startDraining();
    expect(await probe(url, '/readyz')).toMatchObject({ status: 503, json: { status: 'draining' } });
    expect((await probe(url, '/livez')).status).toBe(200);
    const headers = { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' };
    const refused = await rawRequest(url, {
      headers,
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.json).toMatchObject({ id: 2, error: { message: expect.stringMatching(/shutting down/) } });
    const cancel = await rawRequest(url, {
      headers,
      body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 9 } }),
    });
    expect(cancel.status).toBe(202);
  });
});
