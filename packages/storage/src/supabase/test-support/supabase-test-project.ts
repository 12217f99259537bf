import { createPostgrestShim, signTestJwt, type PostgrestShim } from '@exai/testkit';
import { migrate } from '../../migrations/index.js';
import { postgresMigrationDriver } from '../../postgres/migrations/postgres-migration-driver.js';
import { createTestSchema, type TestSchema } from '../../postgres/test-support/postgres-test-database.js';
import { supabaseMigrations } from '../migrations/index.js';
import { createSupabaseSessionStore } from '../supabase-session-store.js';
import type { SupabaseSessionStore, SupabaseSessionStoreOptions } from '../supabase-session-store-options.js';

/** The secret the test project's keys and tokens are signed with, as a Supabase project's JWT secret. */
export const testJwtSecret = 'exai-test-jwt-secret-with-at-least-32-characters';

/** The project's keys, shaped as Supabase's: HS256 JWTs naming a role. */
export const serviceRoleKey = signTestJwt({ iss: 'supabase', role: 'service_role' }, testJwtSecret);
export const anonKey = signTestJwt({ iss: 'supabase', role: 'anon' }, testJwtSecret);

/** A signed-in user's access token for `tenantId`, valid for an hour. */
export function userAccessToken(
  tenantId: string | undefined,
  extraClaims: Record<string, unknown> = {},
): string {
  const claims: Record<string, unknown> = {
    iss: 'supabase',
    role: 'authenticated',
    sub: `user-of-${tenantId ?? 'nobody'}`,
    exp: Math.floor(Date.now() / 1000) + 3600,
    ...extraClaims,
  };
  if (tenantId !== undefined) claims.tenant_id = tenantId;
  return signTestJwt(claims, testJwtSecret);
}

/** A schema migrated with `supabaseMigrations`, served by the PostgREST shim as a Supabase project would be. */
export interface SupabaseTestProject {
  /** The base URL to give supabase-js. */
  url: string;
  testSchema: TestSchema;
  shim: PostgrestShim;
  /** A store with the given key (default: the service role key) on this project. */
  createStore(options?: Partial<SupabaseSessionStoreOptions>): SupabaseSessionStore;
  /** Stops the shim and drops the schema. */
  close(): Promise<void>;
}

export async function createSupabaseTestProject(): Promise<SupabaseTestProject> {
  const testSchema = await createTestSchema({ prefix: 'exai_supabase' });
  let shim: PostgrestShim | undefined;
  try {
    await migrate(postgresMigrationDriver(testSchema.pool, testSchema.schema), supabaseMigrations, {
      direction: 'up',
    });
    shim = await createPostgrestShim({
      databaseUrl: testSchema.url,
      schema: testSchema.schema,
      jwtSecret: testJwtSecret,
    });
  } catch (error) {
    await testSchema.drop();
    throw error;
  }
  const served = shim;
  return {
    url: served.url,
    testSchema,
    shim: served,
    createStore: (options = {}) =>
      createSupabaseSessionStore({
        url: served.url,
        key: serviceRoleKey,
        schema: testSchema.schema,
        ...options,
      }),
    async close() {
      try {
        await served.close();
      } finally {
        await testSchema.drop();
      }
    },
  };
}
