import type { SessionStoreV1 } from '@exai/core';
import type { SessionStoreFaults } from '@exai/core/test';
import pg from 'pg';
import { quoteIdentifier } from '../quote-identifier.js';

/** Where a store's tables are, reached directly (not through a pooler or an API). */
export interface StoreTables {
  url: string;
  schema: string;
}

/**
 * Faults for the contract suite, made in the database: a trigger on `audit_events` that raises
 * on the next insert, whichever role or connection makes it. "Next" is counted by a sequence,
 * which a rollback does not undo: arming reads its value and writes that value plus one into the
 * trigger function, so exactly one insert fails. The function is SECURITY DEFINER so that
 * Supabase's `exai_rpc_owner` may advance the sequence.
 */
export function postgresStoreFaults(locate: (store: SessionStoreV1) => StoreTables): SessionStoreFaults {
  return {
    async failNextAuditWrite(store) {
      const { url, schema } = locate(store);
      const name = (object: string) => `${quoteIdentifier(schema)}.${quoteIdentifier(object)}`;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`create sequence if not exists ${name('exai_test_audit_writes')}`);
        const { rows } = await client.query<{ next: string }>(
          `select case when is_called then last_value + 1 else last_value end as next
             from ${name('exai_test_audit_writes')}`,
        );
        const failing = Number(rows[0]!.next);
        await client.query(`create or replace function ${name('exai_test_fail_audit')}() returns trigger
          language plpgsql security definer set search_path = ${quoteIdentifier(schema)}
          as $$ begin
            if nextval('exai_test_audit_writes') = ${failing} then
              raise exception 'injected failure writing an audit event';
            end if;
            return new;
          end $$`);
        await client.query(`drop trigger if exists exai_test_fail_audit on ${name('audit_events')}`);
        await client.query(`create trigger exai_test_fail_audit before insert on ${name('audit_events')}
          for each row execute function ${name('exai_test_fail_audit')}()`);
      } finally {
        await client.end();
      }
    },
  };
}
