import type { SessionStoreV1 } from '@exai/core';
import { describeSessionStoreContract } from '@exai/core/test';
import { postgresStoreFaults, type StoreTables } from '../postgres/test-support/postgres-store-faults.js';
import { probePostgres } from '../postgres/test-support/postgres-test-database.js';
import { createSupabaseTestProject } from './test-support/supabase-test-project.js';

const postgres = await probePostgres();
const tables = new WeakMap<SessionStoreV1, StoreTables>();

describeSessionStoreContract(
  'supabase (service role key, through the PostgREST shim)',
  async () => {
    const project = await createSupabaseTestProject();
    const store = project.createStore();
    tables.set(store, { url: project.testSchema.url, schema: project.testSchema.schema });
    return { store, cleanup: () => project.close() };
  },
  {
    // The RPC functions read the database's clock, which fake timers cannot pin.
    clockFollowsDate: false,
    skip: postgres.available
      ? false
      : `PostgreSQL is unreachable at ${postgres.url} (${postgres.reason ?? 'no reason'})`,
    // The trigger fires inside the RPC function's transaction, whichever role the shim switched to.
    faults: postgresStoreFaults((store) => tables.get(store)!),
  },
);
