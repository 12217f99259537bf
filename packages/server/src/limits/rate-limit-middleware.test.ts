import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LimitsUnavailableError } from '@exai/mcp';
import { composeMiddleware, type HttpContext, type HttpMiddleware } from '../http/http-middleware.js';
import { createRateLimitMiddleware } from './rate-limit-middleware.js';
import { createTenantLimits, type TenantLimits } from './tenant-limits.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** A chain like the daemon's: a stand-in authentication (tenant and key from headers), the limits, then an answer. */
async function startChain(limits: Pick<TenantLimits, 'admitRequest'>): Promise<string> {
  const authenticate: HttpMiddleware = async (context, next) => {
    const tenantId = context.request.headers['x-test-tenant'];
    if (typeof tenantId === 'string') {
      const keyId = context.request.headers['x-test-key'];
      context.caller = { tenantId, kind: 'api-key', ...(typeof keyId === 'string' && { keyId }) };
    }
    await next();
  };
  // As the daemon's chain does before the limits: a POST's JSON body read into `context.body`.
  const readBody: HttpMiddleware = async (context, next) => {
    let text = '';
    for await (const chunk of context.request) text += String(chunk);
    if (text !== '') context.body = JSON.parse(text) as unknown;
    await next();
  };
  const answer: HttpMiddleware = async (context) => {
    context.response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  };
  const run = composeMiddleware([authenticate, readBody, createRateLimitMiddleware({ limits }), answer]);
  const server = createServer((request, response) => {
    const context: HttpContext = { request, response, requestId: 'r-1', pathname: '/mcp' };
    void run(context);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
}

const toolsList = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
const cancel = { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1 } };

const post = (url: string, headers: Record<string, string> = {}, message: unknown = toolsList) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(message),
  });

describe('createRateLimitMiddleware', () => {
  it('answers 429 with Retry-After and a JSON-RPC error body past requests per minute', async () => {
    const url = await startChain(createTenantLimits({ settings: { defaults: { requestsPerMinute: 2 } } }));
    const acme = { 'x-test-tenant': 'acme' };
    expect((await post(url, acme)).status).toBe(200);
    expect((await post(url, acme)).status).toBe(200);
    const refused = await post(url, acme);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('ratelimit-limit')).toBe('2');
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    const body = (await refused.json()) as {
      jsonrpc: string;
      id: null;
      error: { code: number; message: string };
    };
    expect(body.jsonrpc).toBe('2.0');
    expect(body.id).toBeNull();
    expect(body.error.code).toBe(-32000);
    expect(body.error.message).toMatch(
      /^rate_limited: Rate limit reached: 2 requests per minute for tenant acme\. It resets at /,
    );
    // Another tenant, and requests without a caller (the local tenant), count on their own.
    expect((await post(url, { 'x-test-tenant': 'other' })).status).toBe(200);
    expect((await post(url)).status).toBe(200);
  });

  it('never counts or refuses a POST of only notifications and responses: a cancel always passes', async () => {
    const url = await startChain(createTenantLimits({ settings: { defaults: { requestsPerMinute: 1 } } }));
    const acme = { 'x-test-tenant': 'acme' };
    expect((await post(url, acme, cancel)).status).toBe(200);
    expect((await post(url, acme)).status).toBe(200);
    expect((await post(url, acme)).status).toBe(429);
    expect((await post(url, acme, cancel)).status).toBe(200);
    const response = { jsonrpc: '2.0', id: 'server-1', result: {} };
    expect((await post(url, acme, [cancel, response])).status).toBe(200);
    // A batch that asks for anything is counted, and refused like any request.
    expect((await post(url, acme, [cancel, toolsList])).status).toBe(429);

    const down = await startChain({
      admitRequest: () => Promise.reject(new LimitsUnavailableError({ retryAfterInMs: 5_000 })),
    });
    expect((await post(down, acme, cancel)).status).toBe(200);
    expect((await post(down, acme)).status).toBe(503);
  });

  it('applies a key limit on top of its tenant limit', async () => {
    const url = await startChain(
      createTenantLimits({
        settings: {
          defaults: { requestsPerMinute: 10 },
          tenants: { acme: { keys: { k1: { requestsPerMinute: 1 } } } },
        },
      }),
    );
    const keyed = { 'x-test-tenant': 'acme', 'x-test-key': 'k1' };
    expect((await post(url, keyed)).status).toBe(200);
    const refused = await post(url, keyed);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(
      '1 requests per minute for key k1 of tenant acme',
    );
    expect((await post(url, { 'x-test-tenant': 'acme', 'x-test-key': 'k2' })).status).toBe(200);
  });

  it('answers 503 with Retry-After while the shared counters are down and it fails closed', async () => {
    const url = await startChain({
      admitRequest: () => Promise.reject(new LimitsUnavailableError({ retryAfterInMs: 5_000 })),
    });
    const refused = await post(url, { 'x-test-tenant': 'acme' });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
      /^limits_unavailable: /,
    );
  });
});
