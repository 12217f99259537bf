import { z } from 'zod';

/**
 * The `auth` block of exai.config.json: how `exai serve --http` authenticates. API keys need no
 * setting (they live in the store); the JWT shared secret is read from EXAI_JWT_SECRET only, never
 * from this file. Flags and EXAI_JWT_* / EXAI_TLS_* variables win over these keys.
 */
export const authConfigSchema = z.strictObject({
  jwt: z
    .strictObject({
      /** RS256/ES256: the identity provider's JWKS URL. Without it, HS256 with EXAI_JWT_SECRET. */
      jwksUrl: z
        .string()
        .refine((value) => /^https?:\/\/[^\s]+$/.test(value), { message: 'expected an http(s) URL' })
        .optional(),
      issuer: z.string().min(1),
      audience: z.string().min(1),
      /** The claim naming the tenant. Default `tenant`. */
      tenantClaim: z.string().min(1).optional(),
      /** A claim that, when `true`, makes the caller an admin. */
      adminClaim: z.string().min(1).optional(),
    })
    .optional(),
  /** How long a found API key is reused before the store is asked again (0–1000 ms, default 500). */
  apiKeyCacheTtlInMs: z.number().int().min(0).max(1000).optional(),
  /** Serve HTTPS directly: PEM files of the certificate chain and its private key. */
  tls: z.strictObject({ cert: z.string().min(1), key: z.string().min(1) }).optional(),
});

export type AuthConfig = z.output<typeof authConfigSchema>;
