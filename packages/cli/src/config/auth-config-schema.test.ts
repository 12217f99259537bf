import { describe, expect, it } from 'vitest';
import { exaiConfigSchema } from './exai-config-schema.js';

describe('the auth block of exai.config.json', () => {
  it('accepts JWT, cache and TLS settings', () => {
    const parsed = exaiConfigSchema.parse({
      auth: {
        jwt: {
          jwksUrl: 'https://id.example.com/jwks.json',
          issuer: 'https://id.example.com/',
          audience: 'exai',
          tenantClaim: 'org',
        },
        apiKeyCacheTtlInMs: 250,
        tls: { cert: '/etc/exai/tls.crt', key: '/etc/exai/tls.key' },
      },
    });
    expect(parsed.auth?.jwt?.tenantClaim).toBe('org');
  });

  it('refuses a cache over 1 s, a JWT without an audience, a secret in the file, and unknown keys', () => {
    expect(exaiConfigSchema.safeParse({ auth: { apiKeyCacheTtlInMs: 5000 } }).success).toBe(false);
    expect(exaiConfigSchema.safeParse({ auth: { jwt: { issuer: 'i' } } }).success).toBe(false);
    expect(
      exaiConfigSchema.safeParse({ auth: { jwt: { issuer: 'i', audience: 'a', secret: 'x'.repeat(40) } } })
        .success,
    ).toBe(false);
    expect(exaiConfigSchema.safeParse({ auth: { keys: [] } }).success).toBe(false);
  });
});
