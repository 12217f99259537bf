import { createHmac, timingSafeEqual } from 'node:crypto';

/** JWT claims as PostgREST reads them: `role` picks the database role; the rest reach SQL. */
export type JwtClaims = Record<string, unknown>;

const header = base64UrlJson({ alg: 'HS256', typ: 'JWT' });

/**
 * Signs `claims` as an HS256 JWT with `secret`, the way Supabase signs its `anon` and
 * `service_role` keys and user access tokens. For tests: nothing is added to the claims
 * (no `iat`/`exp` unless given).
 */
export function signTestJwt(claims: JwtClaims, secret: string): string {
  const unsigned = `${header}.${base64UrlJson(claims)}`;
  return `${unsigned}.${sign(unsigned, secret)}`;
}

export type JwtVerification = { ok: true; claims: JwtClaims } | { ok: false; reason: string };

/**
 * Checks an HS256 JWT's signature, `exp` and `nbf` (seconds since the epoch), and returns its
 * claims. Any other algorithm is refused, `none` included.
 */
export function verifyHs256Jwt(token: string, secret: string, nowInMs = Date.now()): JwtVerification {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'Expected 3 parts in JWT; got ' + parts.length };
  const [encodedHeader = '', encodedClaims = '', signature = ''] = parts;
  const parsedHeader = parseJson(encodedHeader);
  if (!isObject(parsedHeader) || parsedHeader.alg !== 'HS256') {
    return { ok: false, reason: 'Wrong or unsupported encoding algorithm (only HS256 is accepted)' };
  }
  const expected = Buffer.from(sign(`${encodedHeader}.${encodedClaims}`, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'JWSInvalidSignature' };
  }
  const claims = parseJson(encodedClaims);
  if (!isObject(claims)) return { ok: false, reason: 'The JWT claims are not a JSON object' };
  const nowInSeconds = nowInMs / 1000;
  if (typeof claims.exp === 'number' && nowInSeconds >= claims.exp)
    return { ok: false, reason: 'JWT expired' };
  if (typeof claims.nbf === 'number' && nowInSeconds < claims.nbf)
    return { ok: false, reason: 'JWT not yet valid' };
  return { ok: true, claims };
}

function sign(unsigned: string, secret: string): string {
  return createHmac('sha256', secret).update(unsigned).digest('base64url');
}

function base64UrlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function parseJson(encoded: string): unknown {
  try {
    return JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
