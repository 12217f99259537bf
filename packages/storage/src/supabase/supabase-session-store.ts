/**
 * # The Supabase session store
 *
 * `createSupabaseSessionStore` keeps exai's state in a Supabase project's PostgreSQL and reaches
 * it only over HTTPS, through `@supabase/supabase-js`, for deployments where a direct database
 * connection is not allowed. Every operation is one call of an SQL function defined by the
 * migrations (`supabaseMigrations`: PostgreSQL's migration 1, then migration 2, the RPC
 * functions, and migration 3, `exai_commit_turn`); the tables themselves are closed to the API.
 *
 * ## Supabase features it relies on
 *
 * - **PostgREST's RPC endpoint**: `POST /rest/v1/rpc/<function>` with a JSON object of named
 *   arguments, answered with the function's JSON result or a `{code, message, details, hint}`
 *   error. Nothing else of the Data API is used.
 * - **The JWT roles** `anon`, `authenticated` and `service_role`, which PostgREST switches to per
 *   request after verifying the `Authorization` JWT. The service role key may act for any tenant;
 *   a user's access token (role `authenticated`) acts only for the tenant in its `tenant_id`
 *   claim — a top-level claim, added with a custom access token hook.
 * - **The `request.jwt.claims` setting** PostgREST fills with the JWT's claims, read by
 *   `exai_current_tenant()`.
 * - **Row-level security**: the functions are SECURITY DEFINER but owned by a role that does not
 *   bypass RLS, so the tenant policies filter every row they touch by the caller's claim.
 * - **Exposed schemas**: the schema the migrations ran in must be exposed by the API (`public` is
 *   by default; pass `schema` for another one).
 *
 * ## What it does not use
 *
 * No tables, views or filters over REST (the table privileges are revoked from the API roles), no
 * Realtime (a `ws` transport is passed only because supabase-js 2.109 requires one on Node 20),
 * no Storage, no Edge Functions, and no Auth flows: it never signs users in or refreshes tokens;
 * the caller passes a key and, for a user, the access token.
 *
 * ## Setup
 *
 * Run the migrations once over a direct connection (`migrate(postgresMigrationDriver(pool,
 * schema), supabaseMigrations, { direction: 'up' })`); they create the `anon`, `authenticated`
 * and `service_role` roles where they are missing, and the `exai_rpc_owner` role that owns the
 * functions. Supabase grants API roles privileges on new tables by default; a later migration
 * that adds a table must revoke them as migration 2 does.
 */
import { InvalidArgumentError } from '@exai/core';
import { withStoreInputChecks } from '@exai/core/internal';
import { createClient, type SupabaseClientOptions } from '@supabase/supabase-js';
import ws from 'ws';
import { createSupabaseBackupOperations } from './supabase-backup-operations.js';
import { createSupabaseCommitTurn } from './supabase-commit-turn.js';
import { createSupabaseRecordOperations } from './supabase-record-operations.js';
import { createRpcCaller } from './supabase-rpc.js';
import type {
  AnySupabaseClient,
  SupabaseSessionStore,
  SupabaseSessionStoreOptions,
} from './supabase-session-store-options.js';
import { createSupabaseTenantOperations } from './supabase-tenant-operations.js';
import { createSupabaseTenantDataOperations } from './supabase-tenant-data-operations.js';
import { createSupabaseThreadOperations } from './supabase-thread-operations.js';
import { createSupabaseTaskOperations } from './supabase-task-operations.js';

/**
 * A `SessionStoreV1` on Supabase, through supabase-js's `rpc()` only. With the service role key
 * it serves every tenant; with the anon key and a user's `accessToken` it serves only the
 * tenant of that token, and any call naming another tenant is refused.
 */
export function createSupabaseSessionStore({
  url,
  key,
  accessToken,
  schema = 'public',
  client,
  fetch,
}: SupabaseSessionStoreOptions): SupabaseSessionStore {
  if (client === undefined) {
    for (const [option, value, variable] of [
      ['url', url, 'SUPABASE_URL'],
      ['key', key, 'SUPABASE_SERVICE_ROLE_KEY'],
    ] as const) {
      if (typeof value !== 'string' || value.trim() === '') {
        throw new InvalidArgumentError({
          argument: option,
          message: `createSupabaseSessionStore needs the \`${option}\` option (usually from ${variable}).`,
        });
      }
    }
  }
  const rpcClient = client ?? createSupabaseClient({ url, key, accessToken, schema, fetch });
  let closed = false;
  const rpc = createRpcCaller({ client: rpcClient, url, isClosed: () => closed });

  return withStoreInputChecks({
    specificationVersion: 'v1',
    kind: 'supabase',
    ...createSupabaseTenantOperations(rpc),
    ...createSupabaseThreadOperations(rpc),
    commitTurn: createSupabaseCommitTurn(rpc),
    ...createSupabaseRecordOperations(rpc),
    ...createSupabaseBackupOperations(rpc),
    ...createSupabaseTenantDataOperations(rpc),
    ...createSupabaseTaskOperations(rpc),
    async ping() {
      await rpc<boolean>('exai_ping');
    },
    async close() {
      closed = true;
    },
  });
}

type RealtimeTransport = NonNullable<NonNullable<SupabaseClientOptions<string>['realtime']>['transport']>;

function createSupabaseClient({
  url,
  key,
  accessToken,
  schema,
  fetch,
}: Pick<SupabaseSessionStoreOptions, 'url' | 'key' | 'accessToken' | 'fetch'> & {
  schema: string;
}): AnySupabaseClient {
  return createClient(url, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    // supabase-js 2.109 throws on Node 20 without a WebSocket transport, even when Realtime is unused.
    realtime: { transport: ws as unknown as RealtimeTransport },
    db: { schema },
    ...(fetch === undefined ? {} : { global: { fetch } }),
    ...(accessToken === undefined
      ? {}
      : { accessToken: typeof accessToken === 'function' ? accessToken : async () => accessToken }),
  });
}
