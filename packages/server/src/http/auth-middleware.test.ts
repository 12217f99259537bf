import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { RequestAuthenticator } from '../auth/request-authenticator.js';
import { createAuthMiddleware } from './auth-middleware.js';
import type { HttpContext, RequestCaller } from './http-middleware.js';

interface Written {
  status?: number;
  headers?: Record<string, unknown>;
  body?: string;
}

function contextFor(headers: Record<string, string>): { context: HttpContext; written: Written } {
  const written: Written = {};
  const response = {
    headersSent: false,
    writeHead(status: number, head: Record<string, unknown>) {
      written.status = status;
      written.headers = head;
      return this;
    },
    end(body?: string) {
      written.body = body;
    },
  } as unknown as ServerResponse;
  const request = { method: 'POST', headers } as unknown as IncomingMessage;
  return { context: { request, response, requestId: 'r-1', pathname: '/mcp' }, written };
}

const fixed = (outcome: Awaited<ReturnType<RequestAuthenticator['authenticate']>>): RequestAuthenticator => ({
  authenticate: async () => outcome,
});

async function run(
  authenticator: RequestAuthenticator | undefined,
  headers: Record<string, string> = {},
  resourceMetadataUrl?: (host: string | undefined) => string,
) {
  const { context, written } = contextFor(headers);
  let caller: RequestCaller | undefined;
  const lines: string[] = [];
  await createAuthMiddleware({
    authenticator,
    localTenantId: 'local',
    ...(resourceMetadataUrl !== undefined && { resourceMetadataUrl }),
    log: (line) => lines.push(line),
  })(context, async () => {
    caller = context.caller;
  });
  return { caller, written, lines };
}

describe('createAuthMiddleware', () => {
  it('without an authenticator, passes every request on as the local tenant', async () => {
    const { caller, written } = await run(undefined);
    expect(caller).toEqual({ kind: 'local', tenantId: 'local', admin: true });
    expect(written.status).toBeUndefined();
  });

  it('answers a failure with 401, a Bearer challenge with the metadata URL, and a JSON-RPC error', async () => {
    const { caller, written, lines } = await run(
      fixed({ failure: { error: 'invalid_token', message: 'Unauthorized: the "key" expired' } }),
      { host: 'mcp.example.com' },
      (host) => `https://${host}/.well-known/oauth-protected-resource/mcp`,
    );
    expect(caller).toBeUndefined();
    expect(written.status).toBe(401);
    expect(written.headers?.['www-authenticate']).toBe(
      'Bearer realm="exai", resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp", ' +
        `error="invalid_token", error_description="Unauthorized: the 'key' expired"`,
    );
    expect(JSON.parse(written.body!)).toEqual({
      jsonrpc: '2.0',
      error: { code: -32000, message: 'Unauthorized: the "key" expired' },
      id: null,
    });
    expect(lines[0]).toContain('request r-1');
  });

  it('keeps the challenge to printable ASCII whatever the message holds', async () => {
    const { written } = await run(
      fixed({
        failure: { error: 'invalid_token', message: 'Unauthorized: looks like exai_t_… – not “this”\n' },
      }),
    );
    expect(written.status).toBe(401);
    expect(written.headers?.['www-authenticate']).toBe(
      'Bearer realm="exai", error="invalid_token", error_description="Unauthorized: looks like exai_t_... ? not ?this??"',
    );
    expect(JSON.parse(written.body!).error.message).toBe('Unauthorized: looks like exai_t_… – not “this”\n');
  });

  it('lets an admin act for another tenant with X-Exai-Tenant, and refuses it to others with 403', async () => {
    const admin = fixed({ caller: { kind: 'api-key', tenantId: 'ops', keyId: 'k1', admin: true } });
    expect((await run(admin, { 'x-exai-tenant': 'acme' })).caller).toEqual({
      kind: 'api-key',
      tenantId: 'acme',
      keyId: 'k1',
      admin: true,
    });
    const plain = fixed({ caller: { kind: 'api-key', tenantId: 'beta', keyId: 'k2' } });
    expect((await run(plain, { 'x-exai-tenant': 'beta' })).caller?.tenantId).toBe('beta');
    const refused = await run(plain, { 'x-exai-tenant': 'acme' });
    expect(refused.caller).toBeUndefined();
    expect(refused.written.status).toBe(403);
    expect(JSON.parse(refused.written.body!).error.message).toContain(
      'only an admin key may act for another tenant',
    );
  });

  it('answers 400 when an admin names a tenant id with a control character in X-Exai-Tenant', async () => {
    const admin = fixed({ caller: { kind: 'api-key', tenantId: 'ops', keyId: 'k1', admin: true } });
    const refused = await run(admin, { 'x-exai-tenant': 'ac\tme\u0085' });
    expect(refused.caller).toBeUndefined();
    expect(refused.written.status).toBe(400);
    expect(JSON.parse(refused.written.body!).error.message).toBe(
      'Bad Request: x-exai-tenant "ac\\u{9}me\\u{85}" is not a usable tenant id: it holds U+0009 at character 3, ' +
        'a control or invisible character; use letters, digits and punctuation (e.g. acme or team-42)',
    );
    expect(refused.lines[0]).toContain('request r-1');
  });
});
