import { printableTenantId, tenantIdProblem } from '@exai/core';
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { AuthOutcome, BearerTokenVerifier } from '../request-authenticator.js';

export interface JwtVerifierOptions {
  /** HS256: the shared secret (at least 32 characters). Exactly one of `secret` and `jwksUrl`. */
  secret?: string;
  /** RS256/ES256: the identity provider's JWKS URL; keys are cached and refetched for an unknown `kid`. */
  jwksUrl?: string;
  /** The required `iss`. */
  issuer: string;
  /** The required `aud` (one of the token's audiences). */
  audience: string;
  /** The claim naming the caller's tenant. Default `tenant`. */
  tenantClaim?: string;
  /** A claim that, when `true`, makes the caller an admin. Default: none (no token is admin). */
  adminClaim?: string;
  /** Leeway for `exp` and `nbf`. Default 5 s. */
  clockToleranceInSeconds?: number;
  /** Least time between two JWKS fetches, even for an unknown `kid`. Default 30 s. */
  jwksCooldownInMs?: number;
  /** How long fetched JWKS keys are used before they are fetched again. Default 10 minutes. */
  jwksCacheMaxAgeInMs?: number;
  log?: (line: string) => void;
}

const jwtPattern = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

function invalid(message: string): AuthOutcome {
  return { failure: { error: 'invalid_token', message: `Unauthorized: ${message}` } };
}

/** Why jose refused a token, as a sentence (never the token). */
function describeJwtError(error: unknown): string {
  if (error instanceof errors.JWTExpired)
    return 'the token has expired (exp); get a fresh one from your identity provider';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'the token is not valid yet (nbf)';
    return `the token's "${error.claim}" claim is not accepted by this server (${error.reason})`;
  }
  if (error instanceof errors.JWKSNoMatchingKey)
    return "no key of the identity provider's JWKS matches the token";
  if (error instanceof errors.JOSEAlgNotAllowed) return "the token's signing algorithm is not accepted";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "the token's signature does not verify";
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JOSEError)
    return `the token could not be verified (${error.code})`;
  return 'the token could not be verified';
}

/** Verifies JWTs (HS256 with a shared secret, or RS256/ES256 from a JWKS URL) and reads the tenant claim. */
export function createJwtVerifier({
  secret,
  jwksUrl,
  issuer,
  audience,
  tenantClaim = 'tenant',
  adminClaim,
  clockToleranceInSeconds = 5,
  jwksCooldownInMs = 30_000,
  jwksCacheMaxAgeInMs = 600_000,
  log = () => {},
}: JwtVerifierOptions): BearerTokenVerifier {
  if ((secret === undefined) === (jwksUrl === undefined))
    throw new RangeError('JWT authentication needs exactly one of a shared secret (HS256) and a JWKS URL');
  if (secret !== undefined && secret.length < 32)
    throw new RangeError('the JWT shared secret must be at least 32 characters long');
  if (issuer === '' || audience === '')
    throw new RangeError('JWT authentication needs an issuer and an audience');
  const key: Uint8Array | JWTVerifyGetKey =
    secret !== undefined
      ? new TextEncoder().encode(secret)
      : createRemoteJWKSet(new URL(jwksUrl!), {
          cooldownDuration: jwksCooldownInMs,
          cacheMaxAge: jwksCacheMaxAgeInMs,
        });
  const algorithms = secret !== undefined ? ['HS256'] : ['RS256', 'ES256'];

  return {
    accepts: (token) => jwtPattern.test(token),
    async verify(token) {
      let payload;
      try {
        ({ payload } = await jwtVerify(token, key as Uint8Array, {
          issuer,
          audience,
          algorithms,
          clockTolerance: clockToleranceInSeconds,
          requiredClaims: ['exp'],
        }));
      } catch (error) {
        const reason = describeJwtError(error);
        if (!(error instanceof errors.JOSEError) || error instanceof errors.JWKSTimeout)
          log(
            `exai: verifying a JWT failed: ${reason}: ${error instanceof Error ? error.message : String(error)}`,
          );
        return invalid(reason);
      }
      const tenantId = payload[tenantClaim];
      // Blank is no tenant: the store refuses such an id, which would make this request a 500.
      if (typeof tenantId !== 'string' || tenantId.trim() === '')
        return invalid(`the token has no "${tenantClaim}" claim naming the tenant`);
      // Checked here, where the claim is read, so the caller learns why (the store would refuse to
      // create such a tenant, and the gate could only say it could not be created).
      const problem = tenantIdProblem(tenantId);
      if (problem !== undefined)
        return invalid(
          `the token's "${tenantClaim}" claim "${printableTenantId(tenantId)}" is not a usable tenant id: it ${problem}`,
        );
      return {
        caller: {
          kind: 'jwt',
          tenantId,
          ...(typeof payload.sub === 'string' && { subject: payload.sub }),
          ...(adminClaim !== undefined && payload[adminClaim] === true && { admin: true }),
        },
      };
    },
  };
}
