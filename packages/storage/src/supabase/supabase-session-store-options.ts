import type { SessionStoreV1 } from '@exai/core';
import type { SupabaseClient } from '@supabase/supabase-js';

export interface SupabaseSessionStoreOptions {
  /** The project URL, e.g. `https://abcd.supabase.co` (`SUPABASE_URL`). */
  url: string;
  /**
   * The key sent as `apikey`: the service role key (`SUPABASE_SERVICE_ROLE_KEY`), which may act
   * for any tenant, or the anon key, with a signed-in user's JWT as `accessToken`.
   */
  key: string;
  /**
   * A signed-in user's access token (a JWT with role `authenticated` and a `tenant_id` claim),
   * or a function returning the current one. The store then acts only for that tenant.
   */
  accessToken?: string | (() => Promise<string>);
  /** The schema the migrations ran in; it must be one the API exposes. Default `public`. */
  schema?: string;
  /** A client to use instead of creating one (its own key, session and schema then apply). */
  client?: AnySupabaseClient;
  /** The fetch the created client sends its requests with. */
  fetch?: typeof fetch;
}

/** A supabase-js client of any database typing: the store calls functions by name only. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the generated database types do not matter here
export type AnySupabaseClient = SupabaseClient<any, any, any>;

/** A `SessionStoreV1` that reaches PostgreSQL only through Supabase's RPC endpoint. */
export interface SupabaseSessionStore extends SessionStoreV1 {
  readonly kind: 'supabase';
}
