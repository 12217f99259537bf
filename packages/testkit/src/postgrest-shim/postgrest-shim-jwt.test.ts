import { describe, expect, it } from 'vitest';
import { signTestJwt, verifyHs256Jwt } from './postgrest-shim-jwt.js';

describe('signTestJwt / verifyHs256Jwt', () => {
  const secret = 'a-test-secret';

  it('round-trips the claims of an HS256 JWT', () => {
    const token = signTestJwt({ role: 'authenticated', tenant_id: 'acme' }, secret);
    const [header] = token.split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(verifyHs256Jwt(token, secret)).toEqual({
      ok: true,
      claims: { role: 'authenticated', tenant_id: 'acme' },
    });
  });

  it('refuses another secret, a changed payload, exp in the past and nbf in the future', () => {
    const token = signTestJwt({ role: 'anon' }, secret);
    expect(verifyHs256Jwt(token, 'other')).toMatchObject({ ok: false });
    const [header, , signature] = token.split('.');
    const tampered = `${header}.${Buffer.from('{"role":"service_role"}').toString('base64url')}.${signature}`;
    expect(verifyHs256Jwt(tampered, secret)).toMatchObject({ ok: false });
    const now = Date.UTC(2030, 0, 1);
    expect(verifyHs256Jwt(signTestJwt({ exp: now / 1000 - 1 }, secret), secret, now)).toEqual({
      ok: false,
      reason: 'JWT expired',
    });
    expect(verifyHs256Jwt(signTestJwt({ exp: now / 1000 + 60 }, secret), secret, now)).toMatchObject({
      ok: true,
    });
    expect(verifyHs256Jwt(signTestJwt({ nbf: now / 1000 + 60 }, secret), secret, now)).toMatchObject({
      ok: false,
    });
  });

  it('refuses malformed tokens and algorithms other than HS256', () => {
    expect(verifyHs256Jwt('a.b', secret)).toMatchObject({ ok: false });
    expect(verifyHs256Jwt('', secret)).toMatchObject({ ok: false });
    const hs512Header = Buffer.from('{"alg":"HS512"}').toString('base64url');
    const [, claims, signature] = signTestJwt({ role: 'anon' }, secret).split('.');
    expect(verifyHs256Jwt(`${hs512Header}.${claims}.${signature}`, secret)).toMatchObject({ ok: false });
  });
});
