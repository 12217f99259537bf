import { describeSessionStoreContract } from '@exai/core/test';
import { probePostgres } from '../postgres/test-support/postgres-test-database.js';
import { createSupabaseTestProject } from './test-support/supabase-test-project.js';

const postgres = await probePostgres();

describeSessionStoreContract(
  'supabase (service role key, through the PostgREST shim)',
  async () => {
    const project = await createSupabaseTestProject();
    return { store: project.createStore(), cleanup: () => project.close() };
  },
  {
    // The RPC functions read the database's clock, which fake timers cannot pin.
    clockFollowsDate: false,
    skip: postgres.available
      ? false
      : `PostgreSQL is unreachable at ${postgres.url} (${postgres.reason ?? 'no reason'})`,
  },
);
