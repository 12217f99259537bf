import type { IncomingMessage } from 'node:http';
import type { RequestCaller } from '../http/http-middleware.js';

/** Why a request's credentials were not accepted (answered with 401). */
export interface AuthFailure {
  /** RFC 6750 error code for `WWW-Authenticate`; none when no credentials were sent at all. */
  error?: 'invalid_request' | 'invalid_token';
  /** A sentence for people: what was wrong and how to fix it. Never contains the credential. */
  message: string;
}

export type AuthOutcome = { caller: RequestCaller } | { failure: AuthFailure };

/** Finds who sent a request from its credentials. */
export interface RequestAuthenticator {
  authenticate(request: IncomingMessage): Promise<AuthOutcome>;
  /** Writes pending bookkeeping (API keys' `lastUsedAt`) and stops timers. */
  close?(): Promise<void>;
}

/** Verifies one kind of bearer token; `undefined` when the token is not of its kind. */
export interface BearerTokenVerifier {
  accepts(token: string): boolean;
  verify(token: string): Promise<AuthOutcome>;
  close?(): Promise<void>;
}

const bearerPattern = /^Bearer[ \t]+([A-Za-z0-9\-._~+/]+=*)[ \t]*$/i;

/** The bearer token of the `Authorization` header, `undefined` when absent, `null` when malformed. */
export function bearerTokenOf(request: IncomingMessage): string | undefined | null {
  const header = request.headers.authorization;
  if (header === undefined || header === '') return undefined;
  const match = bearerPattern.exec(header);
  return match === null ? null : match[1]!;
}

/**
 * A request authenticator for `Authorization: Bearer <token>`, trying each verifier that accepts
 * the token's shape (an `exai_` API key, a JWT).
 */
export function createBearerAuthenticator(verifiers: readonly BearerTokenVerifier[]): RequestAuthenticator {
  return {
    async authenticate(request) {
      const token = bearerTokenOf(request);
      if (token === undefined)
        return {
          failure: {
            message:
              'Unauthorized: this server requires credentials: send "Authorization: Bearer <key>" ' +
              '(create a key with `exai keys create --tenant <tenant>`; exai connect reads it from EXAI_API_KEY)',
          },
        };
      if (token === null)
        return {
          failure: {
            error: 'invalid_request',
            message: 'Unauthorized: the Authorization header must be "Bearer <token>"',
          },
        };
      const verifier = verifiers.find((candidate) => candidate.accepts(token));
      if (verifier === undefined)
        return {
          failure: {
            error: 'invalid_token',
            message:
              'Unauthorized: the bearer token is neither an exai API key nor a token this server accepts',
          },
        };
      return verifier.verify(token);
    },
    async close() {
      await Promise.all(verifiers.map((verifier) => verifier.close?.()));
    },
  };
}
