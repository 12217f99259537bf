import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthOutcome } from '../request-authenticator.js';
import { createJwtVerifier } from './jwt-verifier.js';

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/** A JWKS endpoint on 127.0.0.1 whose key list the test changes; counts its fetches. */
let jwksServer: Server;
let jwksUrl: string;
let published: JWK[] = [];
let fetches = 0;

async function newKey(alg: 'RS256' | 'ES256', kid: string): Promise<{ key: SigningKey; jwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { key: privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

beforeAll(async () => {
  jwksServer = createServer((_request, response) => {
    fetches += 1;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;
});
afterAll(async () => {
  await new Promise((resolve) => jwksServer.close(resolve));
});

const issuer = 'https://id.example.com/';
const audience = 'https://mcp.example.com/mcp';
const now = () => Math.floor(Date.now() / 1000);

function sign(
  key: SigningKey | Uint8Array,
  header: { alg: string; kid?: string },
  claims: JWTPayload = {},
): Promise<string> {
  return new SignJWT({ tenant: 'acme', ...claims })
    .setProtectedHeader(header)
    .setIssuer(typeof claims.iss === 'string' ? claims.iss : issuer)
    .setAudience(claims.aud ?? audience)
    .setSubject('alice@example.com')
    .setIssuedAt()
    .setExpirationTime(typeof claims.exp === 'number' ? claims.exp : now() + 300)
    .sign(key);
}

function messageOf(outcome: AuthOutcome): string {
  return 'failure' in outcome ? outcome.failure.message : `accepted for ${outcome.caller.tenantId}`;
}

describe('createJwtVerifier with a JWKS URL (RS256, ES256)', () => {
  it('accepts a good token and reads the tenant from the configured claim', async () => {
    const rsa = await newKey('RS256', 'rsa-1');
    const ec = await newKey('ES256', 'ec-1');
    published = [rsa.jwk, ec.jwk];
    const verifier = createJwtVerifier({
      jwksUrl,
      issuer,
      audience,
      tenantClaim: 'org',
      jwksCooldownInMs: 0,
    });
    const outcome = await verifier.verify(
      await sign(rsa.key, { alg: 'RS256', kid: 'rsa-1' }, { org: 'acme' }),
    );
    expect(outcome).toEqual({ caller: { kind: 'jwt', tenantId: 'acme', subject: 'alice@example.com' } });
    const ecOutcome = await verifier.verify(
      await sign(ec.key, { alg: 'ES256', kid: 'ec-1' }, { org: 'beta' }),
    );
    expect(messageOf(ecOutcome)).toBe('accepted for beta');
    const noTenant = await verifier.verify(await sign(rsa.key, { alg: 'RS256', kid: 'rsa-1' }));
    expect(messageOf(noTenant)).toContain('no "org" claim naming the tenant');
    for (const org of ['', '   ', '\t\n', 42, ['acme']]) {
      const odd = await verifier.verify(await sign(rsa.key, { alg: 'RS256', kid: 'rsa-1' }, { org }));
      expect(odd).toMatchObject({ failure: { error: 'invalid_token' } });
      expect(messageOf(odd)).toContain('no "org" claim naming the tenant');
    }
    const escape = await verifier.verify(
      await sign(rsa.key, { alg: 'RS256', kid: 'rsa-1' }, { org: 'acme\u001b[2J' }),
    );
    expect(escape).toMatchObject({ failure: { error: 'invalid_token' } });
    expect(messageOf(escape)).toBe(
      'Unauthorized: the token\'s "org" claim "acme\\u{1b}[2J" is not a usable tenant id: it holds U+001B at ' +
        'character 5, a control or invisible character; use letters, digits and punctuation (e.g. acme or team-42)',
    );
  });

  it('refuses a wrong issuer or audience, an expired token and one not valid yet', async () => {
    const rsa = await newKey('RS256', 'rsa-2');
    published = [rsa.jwk];
    const verifier = createJwtVerifier({ jwksUrl, issuer, audience, clockToleranceInSeconds: 0 });
    const header = { alg: 'RS256', kid: 'rsa-2' };
    expect(
      messageOf(await verifier.verify(await sign(rsa.key, header, { iss: 'https://evil.example.com/' }))),
    ).toContain('"iss" claim is not accepted');
    expect(
      messageOf(await verifier.verify(await sign(rsa.key, header, { aud: 'https://other.example.com' }))),
    ).toContain('"aud" claim is not accepted');
    expect(messageOf(await verifier.verify(await sign(rsa.key, header, { exp: now() - 60 })))).toContain(
      'the token has expired',
    );
    expect(messageOf(await verifier.verify(await sign(rsa.key, header, { nbf: now() + 600 })))).toContain(
      'not valid yet (nbf)',
    );
    const failure = await verifier.verify(await sign(rsa.key, header, { exp: now() - 60 }));
    expect(failure).toMatchObject({ failure: { error: 'invalid_token' } });
  });

  it('fetches the JWKS again for an unknown kid (a rotated key), and refuses a kid no one publishes', async () => {
    const first = await newKey('RS256', 'first');
    published = [first.jwk];
    const verifier = createJwtVerifier({ jwksUrl, issuer, audience, jwksCooldownInMs: 0 });
    expect(messageOf(await verifier.verify(await sign(first.key, { alg: 'RS256', kid: 'first' })))).toBe(
      'accepted for acme',
    );
    const before = fetches;
    expect(messageOf(await verifier.verify(await sign(first.key, { alg: 'RS256', kid: 'first' })))).toBe(
      'accepted for acme',
    );
    expect(fetches).toBe(before); // cached
    const rotated = await newKey('RS256', 'second');
    published = [first.jwk, rotated.jwk];
    expect(messageOf(await verifier.verify(await sign(rotated.key, { alg: 'RS256', kid: 'second' })))).toBe(
      'accepted for acme',
    );
    expect(fetches).toBe(before + 1);
    const stranger = await newKey('RS256', 'stranger');
    expect(
      messageOf(await verifier.verify(await sign(stranger.key, { alg: 'RS256', kid: 'stranger' }))),
    ).toContain("no key of the identity provider's JWKS matches");
    // A token signed by another key under a published kid fails its signature.
    expect(
      messageOf(await verifier.verify(await sign(stranger.key, { alg: 'RS256', kid: 'first' }))),
    ).toContain('signature does not verify');
  });
});

describe('createJwtVerifier with a shared secret (HS256)', () => {
  const secret = 'a-shared-secret-of-at-least-32-characters!';

  it('accepts a token signed with the secret, refuses another secret and other algorithms', async () => {
    const verifier = createJwtVerifier({ secret, issuer, audience, adminClaim: 'exai_admin' });
    const key = new TextEncoder().encode(secret);
    expect(await verifier.verify(await sign(key, { alg: 'HS256' }, { exai_admin: true }))).toEqual({
      caller: { kind: 'jwt', tenantId: 'acme', subject: 'alice@example.com', admin: true },
    });
    const other = new TextEncoder().encode('another-secret-of-at-least-32-characters');
    expect(messageOf(await verifier.verify(await sign(other, { alg: 'HS256' })))).toContain(
      'signature does not verify',
    );
    expect(messageOf(await verifier.verify(await sign(key, { alg: 'HS384' })))).toContain(
      'algorithm is not accepted',
    );
  });

  it('refuses a short secret, and both or neither of secret and JWKS URL', () => {
    expect(() => createJwtVerifier({ secret: 'short', issuer, audience })).toThrow(/at least 32 characters/);
    expect(() => createJwtVerifier({ issuer, audience })).toThrow(/exactly one/);
    expect(() => createJwtVerifier({ secret, jwksUrl: 'http://127.0.0.1:1/', issuer, audience })).toThrow(
      /exactly one/,
    );
  });
});
