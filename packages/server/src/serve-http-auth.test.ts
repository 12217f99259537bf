import { StoreUnavailableError } from '@exai/core';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createApiKeyVerifier,
  createBearerAuthenticator,
  createJwtVerifier,
  generateApiKey,
  type ServeHttpAuth,
} from './index.js';
import {
  connectClient,
  initializeBody,
  rawRequest,
  startTestServer,
  textOf,
  type TestServer,
} from './test-helpers/start-test-server.js';

let upstream: FakeUpstream;
let server: TestServer | undefined;

beforeAll(async () => {
  upstream = await createFakeUpstream();
});
afterEach(async () => {
  await server?.serving.close();
  server = undefined;
});
afterAll(async () => {
  await upstream.close();
});

const apiKeyAuth =
  (cacheTtlInMs = 0) =>
  (runtime: TestServer['runtime']): ServeHttpAuth => ({
    authenticator: createBearerAuthenticator([createApiKeyVerifier({ store: runtime.store, cacheTtlInMs })]),
  });

/** Stores a fresh key for `tenantId` (creating the tenant) and returns its text and id. */
async function addKey(
  test: TestServer,
  tenantId: string,
  options: Parameters<typeof generateApiKey>[0] = {},
): Promise<{ key: string; id: string }> {
  if ((await test.runtime.store.getTenant(tenantId)) === undefined)
    await test.runtime.store.createTenant({ id: tenantId });
  const generated = generateApiKey(options);
  const record = await test.runtime.store.createApiKey({
    tenantId,
    name: `${tenantId} key`,
    prefix: generated.prefix,
    hash: generated.hash,
  });
  return { key: generated.key, id: record.id };
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

async function chatAs(url: string, headers: Record<string, string>): Promise<string> {
  const { client } = await connectClient(url, 'auth-test', headers);
  try {
    const result = await client.callTool({ name: 'chat', arguments: { prompt: 'hello', model: 'kimi-k2' } });
    expect(result.isError, textOf(result)).toBeFalsy();
    return (result.structuredContent as { continuation_id: string }).continuation_id;
  } finally {
    await client.close();
  }
}

function errorOf(json: unknown): { code: number; message: string } {
  return (json as { error: { code: number; message: string } }).error;
}

describe('serveHttp with API keys', () => {
  it('answers a request without credentials with 401, WWW-Authenticate and a JSON-RPC error', async () => {
    server = await startTestServer(upstream, { auth: apiKeyAuth() });
    const response = await rawRequest(server.serving.url, { body: initializeBody(7) });
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="exai"');
    expect(response.json).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32000 } });
    expect(errorOf(response.json).message).toContain('exai keys create --tenant');
    expect(server.serving.sessionCount()).toBe(0);

    const malformed = await rawRequest(server.serving.url, {
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
      body: initializeBody(),
    });
    expect(malformed.status).toBe(401);
    expect(malformed.headers['www-authenticate']).toMatch(/^Bearer realm="exai", error="invalid_request"/);

    const unknown = await rawRequest(server.serving.url, {
      headers: bearer(generateApiKey().key),
      body: initializeBody(),
    });
    expect(unknown.status).toBe(401);
    expect(unknown.headers['www-authenticate']).toMatch(
      /error="invalid_token", error_description="Unauthorized: /,
    );
    expect(errorOf(unknown.json).message).toContain('not known to this server');

    // The refusal of a malformed key names its shape with an ellipsis, which no header may carry.
    const misshapen = await rawRequest(server.serving.url, {
      headers: bearer('exai_t.bogus'),
      body: initializeBody(),
    });
    expect(misshapen.status).toBe(401);
    expect(misshapen.headers['www-authenticate']).toMatch(
      /error="invalid_token", error_description="Unauthorized: the API key is malformed \(an exai key looks like exai_t_\.\.\. and/,
    );
    expect(errorOf(misshapen.json).message).toContain('looks like exai_t_… and is 50 or more characters');
  });

  it('answers 503 with Retry-After and store_unavailable while the store holding the keys is down', async () => {
    server = await startTestServer(upstream, {
      auth: (runtime) => ({
        authenticator: createBearerAuthenticator([
          createApiKeyVerifier({
            store: {
              ...runtime.store,
              findApiKeyByHash: () =>
                Promise.reject(
                  new StoreUnavailableError({ store: 'postgres', message: 'connection refused' }),
                ),
            },
            cacheTtlInMs: 0,
          }),
        ]),
      }),
    });
    const lines = server.logLines;
    const response = await rawRequest(server.serving.url, {
      headers: bearer(generateApiKey().key),
      body: initializeBody(),
    });
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(errorOf(response.json).message).toBe('store_unavailable: connection refused');
    expect(lines.join('\n')).toContain('answered 503: store_unavailable: connection refused');
    expect(lines.join('\n')).not.toMatch(/\n\s+at /);
  });

  it("keeps each tenant's calls in its tenant: a thread made with tenant A's key is A's only", async () => {
    server = await startTestServer(upstream, { auth: apiKeyAuth() });
    const a = await addKey(server, 'acme');
    const b = await addKey(server, 'beta');
    const threadOfA = await chatAs(server.serving.url, bearer(a.key));
    const threadOfB = await chatAs(server.serving.url, bearer(b.key));
    const { store } = server.runtime;
    expect(await store.getThread('acme', threadOfA)).toBeDefined();
    expect(await store.getThread('beta', threadOfA)).toBeUndefined();
    expect(await store.getThread('default', threadOfA)).toBeUndefined();
    expect(await store.getThread('beta', threadOfB)).toBeDefined();
  });

  it('the same holds in stateless mode, on the plain JSON path and the progress (SSE) path', async () => {
    server = await startTestServer(upstream, { auth: apiKeyAuth(), stateless: true });
    const a = await addKey(server, 'acme');
    const threadOfA = await chatAs(server.serving.url, bearer(a.key));
    expect(await server.runtime.store.getThread('acme', threadOfA)).toBeDefined();
    const { client } = await connectClient(server.serving.url, 'progress', bearer(a.key));
    try {
      const result = await client.callTool(
        { name: 'chat', arguments: { prompt: 'with progress', model: 'kimi-k2' } },
        undefined,
        { onprogress: () => {} },
      );
      const thread = (result.structuredContent as { continuation_id: string }).continuation_id;
      expect(await server.runtime.store.getThread('acme', thread)).toBeDefined();
      expect(await server.runtime.store.getThread('default', thread)).toBeUndefined();
    } finally {
      await client.close();
    }
  });

  it("refuses tenant B's key on tenant A's session with 403, and serves A", async () => {
    server = await startTestServer(upstream, { auth: apiKeyAuth() });
    const a = await addKey(server, 'acme');
    const b = await addKey(server, 'beta');
    const opened = await rawRequest(server.serving.url, { headers: bearer(a.key), body: initializeBody() });
    expect(opened.status).toBe(200);
    const sessionId = opened.headers['mcp-session-id'] as string;
    const list = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    const session = { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' };
    const stolen = await rawRequest(server.serving.url, {
      headers: { ...bearer(b.key), ...session },
      body: list,
    });
    expect(stolen.status).toBe(403);
    expect(stolen.json).toMatchObject({ id: 2, error: { code: -32000 } });
    expect(errorOf(stolen.json).message).toContain('belongs to another tenant');
    const deleted = await rawRequest(server.serving.url, {
      method: 'DELETE',
      headers: { ...bearer(b.key), ...session },
    });
    expect(deleted.status).toBe(403);
    const own = await rawRequest(server.serving.url, {
      headers: { ...bearer(a.key), ...session },
      body: list,
    });
    expect(own.status).toBe(200);
    expect(server.serving.sessionCount()).toBe(1);
  });

  it('refuses revoked and expired keys with 401 naming why', async () => {
    server = await startTestServer(upstream, { auth: apiKeyAuth() });
    const revoked = await addKey(server, 'acme');
    expect(
      (await rawRequest(server.serving.url, { headers: bearer(revoked.key), body: initializeBody() })).status,
    ).toBe(200);
    await server.runtime.store.revokeApiKey('acme', revoked.id);
    const afterRevoke = await rawRequest(server.serving.url, {
      headers: bearer(revoked.key),
      body: initializeBody(),
    });
    expect(afterRevoke.status).toBe(401);
    expect(errorOf(afterRevoke.json).message).toContain(`API key ${revoked.id} was revoked`);

    const expired = await addKey(server, 'acme', { expiresAt: new Date(Date.now() - 60_000) });
    const response = await rawRequest(server.serving.url, {
      headers: bearer(expired.key),
      body: initializeBody(),
    });
    expect(response.status).toBe(401);
    expect(errorOf(response.json).message).toContain(`API key ${expired.id} expired on`);

    // The policy is covered by the stored hash: extending the expiry in the key's text finds no key.
    const tampered = expired.key.replace(/^exai_t\.[0-9a-z]+_/, 'exai_t_');
    const forged = await rawRequest(server.serving.url, {
      headers: bearer(tampered),
      body: initializeBody(),
    });
    expect(forged.status).toBe(401);
    expect(errorOf(forged.json).message).toContain('not known to this server');
  });

  it('lets an admin key act for another tenant with X-Exai-Tenant, and refuses that to others with 403', async () => {
    server = await startTestServer(upstream, { auth: apiKeyAuth() });
    const admin = await addKey(server, 'default', { admin: true });
    const plain = await addKey(server, 'beta');
    await server.runtime.store.createTenant({ id: 'acme' });
    const thread = await chatAs(server.serving.url, { ...bearer(admin.key), 'x-exai-tenant': 'acme' });
    expect(await server.runtime.store.getThread('acme', thread)).toBeDefined();
    const refused = await rawRequest(server.serving.url, {
      headers: { ...bearer(plain.key), 'x-exai-tenant': 'acme' },
      body: initializeBody(),
    });
    expect(refused.status).toBe(403);
    expect(errorOf(refused.json).message).toContain('only an admin key may act for another tenant');
  });

  it('records lastUsedAt in a batch, not per request, and never logs the key', async () => {
    server = await startTestServer(upstream, { auth: apiKeyAuth(500) });
    const a = await addKey(server, 'acme');
    for (let index = 0; index < 3; index += 1)
      expect(
        (await rawRequest(server.serving.url, { headers: bearer(a.key), body: initializeBody() })).status,
      ).toBe(200);
    expect((await server.runtime.store.listApiKeys('acme'))[0]?.lastUsedAt).toBeUndefined();
    await server.serving.close();
    expect((await server.runtime.store.listApiKeys('acme'))[0]?.lastUsedAt).toBeInstanceOf(Date);
    await rawRequest(server.serving.url, { headers: bearer(`${a.key}x`), body: initializeBody() }).catch(
      () => {},
    );
    expect(server.logLines.join('\n')).not.toContain(a.key.slice(10));
  });
});

describe('serveHttp with JWT from an identity provider', () => {
  const secret = 'a-shared-secret-of-at-least-32-characters!';
  const issuer = 'https://id.example.com/';
  const jwtAuth = (runtime: TestServer['runtime']): ServeHttpAuth => ({
    authenticator: createBearerAuthenticator([
      createApiKeyVerifier({ store: runtime.store }),
      createJwtVerifier({ secret, issuer, audience: 'exai' }),
    ]),
    protectedResource: { authorizationServers: [issuer] },
  });

  it('serves the protected-resource metadata and names it in WWW-Authenticate', async () => {
    server = await startTestServer(upstream, { auth: jwtAuth });
    const { port } = new URL(server.serving.url);
    const metadataUrl = `http://127.0.0.1:${port}/.well-known/oauth-protected-resource`;
    const metadata = await rawRequest(metadataUrl, { method: 'GET' });
    expect(metadata.status).toBe(200);
    expect(metadata.json).toEqual({
      resource: `http://127.0.0.1:${port}/mcp`,
      authorization_servers: [issuer],
      bearer_methods_supported: ['header'],
    });
    expect((await rawRequest(`${metadataUrl}/mcp`, { method: 'GET' })).status).toBe(200);
    const refused = await rawRequest(server.serving.url, { body: initializeBody() });
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toBe(
      `Bearer realm="exai", resource_metadata="${metadataUrl}/mcp"`,
    );
  });

  it('accepts a short-lived token for its tenant and refuses an expired one', async () => {
    server = await startTestServer(upstream, { auth: jwtAuth });
    await server.runtime.store.createTenant({ id: 'acme' });
    const token = (expiresIn: string) =>
      new SignJWT({ tenant: 'acme' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(issuer)
        .setAudience('exai')
        .setSubject('alice')
        .setExpirationTime(expiresIn)
        .sign(new TextEncoder().encode(secret));
    const thread = await chatAs(server.serving.url, bearer(await token('5m')));
    expect(await server.runtime.store.getThread('acme', thread)).toBeDefined();
    const expired = await rawRequest(server.serving.url, {
      headers: bearer(await token('-10m')),
      body: initializeBody(),
    });
    expect(expired.status).toBe(401);
    expect(expired.headers['www-authenticate']).toMatch(/resource_metadata=".*", error="invalid_token"/);
    expect(errorOf(expired.json).message).toContain('the token has expired');
  });

  it('answers no metadata without JWT', async () => {
    server = await startTestServer(upstream, { auth: apiKeyAuth() });
    const { port } = new URL(server.serving.url);
    const response = await rawRequest(`http://127.0.0.1:${port}/.well-known/oauth-protected-resource`, {
      method: 'GET',
    });
    expect(response.status).toBe(404);
  });
});

describe('serveHttp limits slot', () => {
  it('runs after authentication with the caller known and the body read', async () => {
    const seen: string[] = [];
    server = await startTestServer(upstream, {
      auth: apiKeyAuth(),
      limits: async (context, next) => {
        seen.push(`${context.caller?.tenantId}:${context.body === undefined ? 'no body' : 'body'}`);
        if (context.caller?.tenantId === 'beta') {
          context.response.writeHead(429, { 'retry-after': '1' }).end();
          return;
        }
        await next();
      },
    });
    const a = await addKey(server, 'acme');
    const b = await addKey(server, 'beta');
    expect((await rawRequest(server.serving.url, { body: initializeBody() })).status).toBe(401);
    expect(
      (await rawRequest(server.serving.url, { headers: bearer(a.key), body: initializeBody() })).status,
    ).toBe(200);
    const limited = await rawRequest(server.serving.url, { headers: bearer(b.key), body: initializeBody() });
    expect(limited.status).toBe(429);
    expect(limited.headers['x-request-id']).toEqual(expect.any(String));
    expect(seen).toEqual(['acme:body', 'beta:body']);
  });
});

describe('serveHttp without authentication', () => {
  it('refuses to start on a non-loopback host', async () => {
    await expect(startTestServer(upstream, { host: '0.0.0.0' })).rejects.toThrow(/needs authentication/);
  });
});
