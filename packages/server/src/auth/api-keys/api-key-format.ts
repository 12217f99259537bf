import { createHash, randomBytes } from 'node:crypto';

/**
 * An exai API key: `exai_<policy>_<secret>`. The policy is `t` (acts for its tenant) or `a` (an
 * admin key, may act for any tenant), followed by `.` and the expiry in seconds since the epoch,
 * base 36, when the key expires. The secret is 32 random bytes, base64url. Only the SHA-256 of the
 * whole key is stored, so the policy in its text is as tamper-proof as the secret: change one
 * character and no stored key matches.
 */
export interface ApiKeyPolicy {
  admin: boolean;
  expiresAt: Date | undefined;
}

export interface GeneratedApiKey extends ApiKeyPolicy {
  /** The key itself: shown once, never stored. */
  key: string;
  /** The first characters, stored so people can recognise the key in `exai keys list`. */
  prefix: string;
  /** SHA-256 of the key, hex: what the store keeps. */
  hash: string;
}

const keyPattern = /^exai_([ta])(?:\.([0-9a-z]{1,11}))?_([A-Za-z0-9_-]{43})$/;
const prefixPattern = /^exai_([ta])(?:\.([0-9a-z]{1,11}))?_/;

/** SHA-256 of an API key, hex. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A fresh random key with its policy. */
export function generateApiKey({ admin = false, expiresAt }: Partial<ApiKeyPolicy> = {}): GeneratedApiKey {
  if (expiresAt !== undefined && !Number.isFinite(expiresAt.getTime()))
    throw new RangeError('expiresAt must be a valid date');
  const expiry = expiresAt === undefined ? '' : `.${Math.ceil(expiresAt.getTime() / 1000).toString(36)}`;
  const head = `exai_${admin ? 'a' : 't'}${expiry}_`;
  const key = head + randomBytes(32).toString('base64url');
  return {
    key,
    prefix: key.slice(0, head.length + 6),
    hash: hashApiKey(key),
    admin,
    expiresAt: expiresAt === undefined ? undefined : policyOf(head)?.expiresAt,
  };
}

/** Whether `token` has the shape of an exai API key (`exai_…`). */
export function looksLikeApiKey(token: string): boolean {
  return token.startsWith('exai_');
}

/** The policy of a whole key, `undefined` when the text is not a well-formed key. */
export function parseApiKey(key: string): ApiKeyPolicy | undefined {
  return keyPattern.test(key) ? policyOf(key) : undefined;
}

/** The policy a stored prefix shows (`exai keys list`), `undefined` for a prefix of another form. */
export function policyOf(prefixOrKey: string): ApiKeyPolicy | undefined {
  const match = prefixPattern.exec(prefixOrKey);
  if (match === null) return undefined;
  const seconds = match[2] === undefined ? undefined : Number.parseInt(match[2], 36);
  return {
    admin: match[1] === 'a',
    expiresAt: seconds === undefined ? undefined : new Date(seconds * 1000),
  };
}
