import { homedir } from 'node:os';
import { join } from 'node:path';

import { InvalidConfigError } from '@exai/core';
import type { PostgresPoolMode } from '../postgres/executor/postgres-executor-settings.js';
import { defaultSqlitePath } from '../sqlite/default-sqlite-path.js';

/** Which store to open, as parsed from `EXAI_STORE` or `--store`. */
export type StoreSpec =
  | { kind: 'memory' }
  | { kind: 'sqlite'; path: string }
  | {
      kind: 'postgres';
      connectionString: string;
      /** From `EXAI_PG_POOL_MODE`; `transaction` behind PgBouncer or Supavisor in transaction mode. */
      poolMode?: PostgresPoolMode;
    }
  | { kind: 'supabase'; url: string; key: string };

/** `EXAI_PG_POOL_MODE`: unset or empty, `session` or `transaction`. */
function postgresPoolMode(env: Record<string, string | undefined>): { poolMode?: PostgresPoolMode } {
  const value = env.EXAI_PG_POOL_MODE?.trim() ?? '';
  if (value === '') return {};
  if (value === 'session' || value === 'transaction') return { poolMode: value };
  throw new InvalidConfigError({
    source: 'EXAI_PG_POOL_MODE',
    issues: [
      `"${value}" is not a pool mode; use transaction (PgBouncer or Supavisor in transaction mode, such as Supabase's pooler on port 6543) or session (the default)`,
    ],
  });
}

/**
 * `~/…` is the user's home directory, as a shell would expand it: a spec in a configuration file,
 * an MCP client's `env` block or after `--store=` reaches exai with the `~` still in it.
 */
function expandHome(path: string, env: Record<string, string | undefined>): string {
  if (path !== '~' && !path.startsWith('~/')) return path;
  const home = env.HOME?.trim() || homedir();
  return join(home, path.slice(1));
}

const accepted =
  'use sqlite, sqlite:/path/to/exai.db, postgres://user@host:5432/db, supabase (with SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY), or memory';

/**
 * Parses a store spec. Unset or empty means SQLite at the platform data directory.
 * `supabase` reads `SUPABASE_URL` and `SUPABASE_SERVICE_ROLE_KEY` (or `SUPABASE_KEY`); a
 * PostgreSQL connection string reads `EXAI_PG_POOL_MODE`.
 */
export function parseStoreSpec(
  value: string | undefined,
  {
    env = process.env,
    source = 'EXAI_STORE',
  }: { env?: Record<string, string | undefined>; source?: string } = {},
): StoreSpec {
  const spec = value?.trim() ?? '';
  if (spec === '' || spec === 'sqlite') return { kind: 'sqlite', path: defaultSqlitePath(env) };
  if (spec === 'memory') return { kind: 'memory' };
  if (spec.startsWith('sqlite:')) {
    const path = spec.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') throw new InvalidConfigError({ source, issues: [`"${spec}" has no path; ${accepted}`] });
    return { kind: 'sqlite', path: expandHome(path, env) };
  }
  if (/^postgres(ql)?:\/\//.test(spec)) {
    return { kind: 'postgres', connectionString: spec, ...postgresPoolMode(env) };
  }
  if (spec === 'supabase') {
    const url = env.SUPABASE_URL?.trim();
    const key = (env.SUPABASE_SERVICE_ROLE_KEY ?? env.SUPABASE_KEY)?.trim();
    const missing = [!url && 'SUPABASE_URL', !key && 'SUPABASE_SERVICE_ROLE_KEY (or SUPABASE_KEY)'].filter(
      Boolean,
    );
    if (missing.length > 0) {
      throw new InvalidConfigError({
        source,
        issues: [`the supabase store needs ${missing.join(' and ')} to be set`],
      });
    }
    return { kind: 'supabase', url: url!, key: key! };
  }
  throw new InvalidConfigError({ source, issues: [`"${spec}" is not a store; ${accepted}`] });
}

/** The spec as text for messages, with any password in a connection string hidden. */
export function describeStoreSpec(spec: StoreSpec): string {
  switch (spec.kind) {
    case 'memory':
      return 'memory (nothing is kept after exit)';
    case 'sqlite':
      return `sqlite:${spec.path}`;
    case 'postgres':
      return (
        redactConnectionString(spec.connectionString) +
        (spec.poolMode === 'transaction' ? ' (transaction pool mode)' : '')
      );
    case 'supabase':
      return `supabase (${spec.url})`;
  }
}

/** Query parameters libpq and `pg` read a secret from. */
const secretParameters = new Set(['password', 'sslpassword']);

/**
 * A connection string with the userinfo password and any `password`/`sslpassword` query
 * parameter replaced by `***`. A string `URL` cannot parse is shown only up to its scheme.
 */
function redactConnectionString(connectionString: string): string {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    return `${connectionString.slice(0, connectionString.indexOf('://') + 3)}***`;
  }
  if (url.password !== '') url.password = '***';
  for (const key of [...url.searchParams.keys()]) {
    if (secretParameters.has(key.toLowerCase())) url.searchParams.set(key, '***');
  }
  return url.toString();
}
