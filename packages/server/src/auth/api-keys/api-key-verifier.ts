import { timingSafeEqual } from 'node:crypto';
import type { AuthOutcome, BearerTokenVerifier } from '../request-authenticator.js';
import { hashApiKey, looksLikeApiKey, parseApiKey } from './api-key-format.js';
import type { ApiKeyStore } from './api-key-store.js';
import { createApiKeyUseRecorder } from './api-key-use-recorder.js';

type FoundKey = NonNullable<Awaited<ReturnType<ApiKeyStore['findApiKeyByHash']>>>;

interface CachedLookup {
  key: FoundKey;
  tenantDisabled: boolean;
  fetchedAt: number;
}

export interface ApiKeyVerifierOptions {
  store: ApiKeyStore;
  /**
   * How long a found key (and its tenant's state) is reused before the store is asked again; this
   * bounds how long a key revoked on another replica keeps working. Default 500 ms, at most 1 s.
   */
  cacheTtlInMs?: number;
  /** How often `lastUsedAt` is written, batched. Default 60 s. */
  lastUsedFlushIntervalInMs?: number;
  now?: () => Date;
  log?: (line: string) => void;
}

const maxCachedKeys = 10_000;

function invalid(message: string): AuthOutcome {
  return { failure: { error: 'invalid_token', message: `Unauthorized: ${message}` } };
}

/**
 * Verifies `exai_` API keys against the store: the key's SHA-256 is looked up (and compared in
 * constant time), then revocation, expiry and the tenant's state are checked.
 */
export function createApiKeyVerifier({
  store,
  cacheTtlInMs = 500,
  lastUsedFlushIntervalInMs = 60_000,
  now = () => new Date(),
  log,
}: ApiKeyVerifierOptions): BearerTokenVerifier {
  if (!(cacheTtlInMs >= 0 && cacheTtlInMs <= 1000))
    throw new RangeError(`cacheTtlInMs must be between 0 and 1000, got ${cacheTtlInMs}`);
  const cache = new Map<string, CachedLookup>();
  const uses = createApiKeyUseRecorder({
    store,
    flushIntervalInMs: lastUsedFlushIntervalInMs,
    now,
    ...(log !== undefined && { log }),
  });

  async function lookUp(hash: string): Promise<CachedLookup | undefined> {
    const time = Date.now();
    const cached = cache.get(hash);
    if (cached !== undefined && time - cached.fetchedAt < cacheTtlInMs) return cached;
    const key = await store.findApiKeyByHash(hash);
    if (key === undefined) {
      cache.delete(hash);
      return undefined;
    }
    const tenant = await store.getTenant(key.tenantId);
    const found = { key, tenantDisabled: tenant === undefined || tenant.disabled, fetchedAt: time };
    if (cacheTtlInMs > 0) {
      if (cache.size >= maxCachedKeys) cache.clear();
      cache.set(hash, found);
    }
    return found;
  }

  return {
    accepts: looksLikeApiKey,
    async verify(token) {
      const policy = parseApiKey(token);
      if (policy === undefined)
        return invalid(
          'the API key is malformed (an exai key looks like exai_t_… and is 50 or more characters)',
        );
      const hash = hashApiKey(token);
      const found = await lookUp(hash);
      if (
        found === undefined ||
        !timingSafeEqual(
          Buffer.from(hash, 'hex'),
          Buffer.from(found.key.hash.padEnd(64, '0').slice(0, 64), 'hex'),
        )
      )
        return invalid(
          'the API key is not known to this server (create one with `exai keys create --tenant <tenant>`)',
        );
      const { key } = found;
      if (key.revokedAt !== undefined)
        return invalid(`API key ${key.id} was revoked on ${key.revokedAt.toISOString()}; create a new one`);
      if (policy.expiresAt !== undefined && policy.expiresAt.getTime() <= now().getTime())
        return invalid(`API key ${key.id} expired on ${policy.expiresAt.toISOString()}; create a new one`);
      if (found.tenantDisabled)
        return invalid(
          `the tenant ${JSON.stringify(key.tenantId)} of API key ${key.id} is disabled or deleted`,
        );
      uses.record(key.id);
      return {
        caller: {
          kind: 'api-key',
          tenantId: key.tenantId,
          keyId: key.id,
          ...(policy.admin && { admin: true }),
        },
      };
    },
    close: () => uses.close(),
  };
}
