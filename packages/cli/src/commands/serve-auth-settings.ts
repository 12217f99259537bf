import { readFileSync } from 'node:fs';
import type { SessionStoreV1 } from '@exai/core';
import {
  createApiKeyVerifier,
  createBearerAuthenticator,
  createJwtVerifier,
  isLoopbackHost,
  type BearerTokenVerifier,
  type ServeHttpAuth,
  withTenantGate,
} from '@exai/server';
import type { AuthConfig } from '../config/auth-config-schema.js';
import { CliUsageError } from '../output/cli-error.js';

/** The authentication flags of `exai serve --http`, as commander parses them. */
export interface ServeAuthFlags {
  /** `false` with `--no-auth`. */
  auth?: boolean;
  jwtJwksUrl?: string;
  jwtIssuer?: string;
  jwtAudience?: string;
  jwtTenantClaim?: string;
  tlsCert?: string;
  tlsKey?: string;
}

export interface ServeAuthSettings {
  auth: ServeHttpAuth | undefined;
  tls: { cert: Buffer; key: Buffer } | undefined;
  /** Start-up lines saying how requests are authenticated. */
  notices: string[];
}

const createKeyHint =
  'create a key with `exai keys create --tenant <tenant>` (same --store) and give it to clients ' +
  '(exai connect reads EXAI_API_KEY)';

function readPem(flag: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new CliUsageError(
      `${flag}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)}); give a PEM file.`,
    );
  }
}

function tlsFrom(
  flags: ServeAuthFlags,
  env: Record<string, string | undefined>,
  config: AuthConfig | undefined,
) {
  const cert = flags.tlsCert ?? env.EXAI_TLS_CERT?.trim() ?? config?.tls?.cert;
  const key = flags.tlsKey ?? env.EXAI_TLS_KEY?.trim() ?? config?.tls?.key;
  if (cert === undefined && key === undefined) return undefined;
  if (cert === undefined || key === undefined || cert === '' || key === '')
    throw new CliUsageError('--tls-cert and --tls-key go together: give both PEM files, or neither.');
  return { cert: readPem('--tls-cert', cert), key: readPem('--tls-key', key) };
}

function jwtFrom(
  flags: ServeAuthFlags,
  env: Record<string, string | undefined>,
  config: AuthConfig | undefined,
  store: SessionStoreV1,
  log: (line: string) => void,
): { verifier: BearerTokenVerifier; issuer: string } | undefined {
  const pick = (flag: string | undefined, name: string, fromConfig: string | undefined) =>
    flag ?? (env[name]?.trim() || undefined) ?? fromConfig;
  const jwksUrl = pick(flags.jwtJwksUrl, 'EXAI_JWT_JWKS_URL', config?.jwt?.jwksUrl);
  const secret = env.EXAI_JWT_SECRET?.trim() || undefined;
  const issuer = pick(flags.jwtIssuer, 'EXAI_JWT_ISSUER', config?.jwt?.issuer);
  const audience = pick(flags.jwtAudience, 'EXAI_JWT_AUDIENCE', config?.jwt?.audience);
  const tenantClaim = pick(flags.jwtTenantClaim, 'EXAI_JWT_TENANT_CLAIM', config?.jwt?.tenantClaim);
  if (jwksUrl === undefined && secret === undefined && issuer === undefined && audience === undefined)
    return undefined;
  if (jwksUrl === undefined && secret === undefined)
    throw new CliUsageError(
      'JWT authentication needs a key: --jwt-jwks-url (RS256/ES256 from your identity provider) or EXAI_JWT_SECRET (HS256).',
    );
  if (jwksUrl !== undefined && secret !== undefined)
    throw new CliUsageError('give either --jwt-jwks-url or EXAI_JWT_SECRET, not both.');
  if (issuer === undefined || audience === undefined)
    throw new CliUsageError(
      'JWT authentication needs --jwt-issuer and --jwt-audience (or EXAI_JWT_ISSUER, EXAI_JWT_AUDIENCE).',
    );
  try {
    const verifier = createJwtVerifier({
      ...(jwksUrl !== undefined ? { jwksUrl } : { secret: secret! }),
      issuer,
      audience,
      ...(tenantClaim !== undefined && { tenantClaim }),
      ...(config?.jwt?.adminClaim !== undefined && { adminClaim: config.jwt.adminClaim }),
      log,
    });
    // A tenant named by a token is created on first sight; a disabled one is refused.
    return { verifier: withTenantGate(verifier, { store }), issuer };
  } catch (error) {
    throw new CliUsageError(`${error instanceof Error ? error.message : String(error)}.`);
  }
}

/** Whether the store holds a key that is not revoked, in any tenant. */
async function hasActiveKey(store: SessionStoreV1): Promise<boolean> {
  for (const tenant of await store.listTenants()) {
    if ((await store.listApiKeys(tenant.id)).some((key) => key.revokedAt === undefined)) return true;
  }
  return false;
}

/**
 * How `exai serve --http` authenticates: API keys from the store, plus JWT when configured. With
 * `--no-auth` there is none, which only a loopback host accepts.
 */
export async function resolveServeAuth({
  flags,
  host,
  env,
  config,
  store,
  log,
}: {
  flags: ServeAuthFlags;
  host: string;
  env: Record<string, string | undefined>;
  config: AuthConfig | undefined;
  store: SessionStoreV1;
  log: (line: string) => void;
}): Promise<ServeAuthSettings> {
  const tls = tlsFrom(flags, env, config);
  if (flags.auth === false) {
    if (!isLoopbackHost(host))
      throw new CliUsageError(
        `--no-auth is accepted only on a loopback address (127.0.0.1, ::1, localhost), not ${host}: ` +
          `anyone who can reach it could spend your provider keys. Serve with credentials instead: ${createKeyHint}.`,
      );
    if (flags.jwtJwksUrl !== undefined || flags.jwtIssuer !== undefined || flags.jwtAudience !== undefined)
      throw new CliUsageError('--no-auth turns authentication off: drop it, or drop the --jwt-* flags.');
    return {
      auth: undefined,
      tls,
      notices: [
        `exai: --no-auth: no authentication on ${host} (loopback only); every request is the local tenant`,
      ],
    };
  }
  const jwt = jwtFrom(flags, env, config, store, log);
  const verifiers: BearerTokenVerifier[] = [
    createApiKeyVerifier({
      store,
      ...(config?.apiKeyCacheTtlInMs !== undefined && { cacheTtlInMs: config.apiKeyCacheTtlInMs }),
      log,
    }),
  ];
  if (jwt !== undefined) verifiers.push(jwt.verifier);
  const notices = [
    `exai: authentication: API keys${jwt === undefined ? '' : ` and JWT from ${jwt.issuer}`} (Authorization: Bearer …)`,
  ];
  if (jwt === undefined && !(await hasActiveKey(store)))
    notices.push(
      'exai: warning: the store holds no API key yet, so every request is refused with 401: ' +
        `${createKeyHint}${isLoopbackHost(host) ? '; or, on this machine only, serve with --no-auth' : ''}`,
    );
  return {
    auth: {
      authenticator: createBearerAuthenticator(verifiers),
      ...(jwt !== undefined && { protectedResource: { authorizationServers: [jwt.issuer] } }),
    },
    tls,
    notices,
  };
}
