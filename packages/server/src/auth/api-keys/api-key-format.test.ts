import { describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey, parseApiKey, policyOf } from './api-key-format.js';

describe('exai API keys', () => {
  it('are exai_ + policy + 32 random bytes, stored as a SHA-256 and a short prefix', () => {
    const { key, prefix, hash, admin, expiresAt } = generateApiKey();
    expect(key).toMatch(/^exai_t_[A-Za-z0-9_-]{43}$/);
    expect(prefix).toBe(key.slice(0, 13));
    expect(hash).toBe(hashApiKey(key));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect({ admin, expiresAt }).toEqual({ admin: false, expiresAt: undefined });
    expect(generateApiKey().key).not.toBe(key);
  });

  it('carry admin and expiry in their text, readable from the key and its prefix', () => {
    const expiresAt = new Date('2031-05-06T07:08:09.000Z');
    const generated = generateApiKey({ admin: true, expiresAt });
    expect(generated.key).toMatch(/^exai_a\.[0-9a-z]+_/);
    expect(parseApiKey(generated.key)).toEqual({ admin: true, expiresAt });
    expect(policyOf(generated.prefix)).toEqual({ admin: true, expiresAt });
    expect(generated.expiresAt).toEqual(expiresAt);
  });

  it('parse only well-formed keys', () => {
    expect(parseApiKey('exai_t_short')).toBeUndefined();
    expect(parseApiKey(`exai_x_${'a'.repeat(43)}`)).toBeUndefined();
    expect(parseApiKey(`exai_t_${'a'.repeat(43)}`)).toEqual({ admin: false, expiresAt: undefined });
    expect(policyOf('sk-something')).toBeUndefined();
  });
});
