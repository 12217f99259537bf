import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listThreadsQuery } from './queries/list-threads-query.js';
import { encodeCursor } from './queries/page-cursor.js';
import { getThreadSql } from './queries/thread-queries.js';
import { listTurnsSql } from './queries/turn-queries.js';
import { listUsageQuery, summarizeUsageQuery } from './queries/usage-queries.js';
import { describeScans, explainPlan } from './test-support/explain-plan.js';
import {
  createPostgresStoreSubject,
  type PostgresStoreSubject,
} from './test-support/postgres-store-subject.js';
import { probePostgres } from './test-support/postgres-test-database.js';

const postgres = await probePostgres();
const now = new Date('2030-01-01T00:00:00Z');

/** 20 tenants, 10 000 threads, 30 000 turns and 20 000 usage records, then ANALYZE. */
const seedSql = `
insert into tenants (id, name) select 't' || lpad(n::text, 2, '0'), 'tenant ' || n from generate_series(0, 19) n;
insert into threads (tenant_id, id, title, created_at, updated_at, expires_at, turn_count)
  select 't' || lpad((n % 20)::text, 2, '0'), 'thread-' || n, 'thread ' || n,
    timestamptz '2029-01-01' + n * interval '1 minute', timestamptz '2029-01-01' + n * interval '1 minute',
    case when n % 10 = 0 then timestamptz '2029-06-01' end, 3
  from generate_series(1, 10000) n;
insert into turns (tenant_id, thread_id, seq, role, content)
  select tenant_id, id, s, 'user', 'turn ' || s || ' of ' || id from threads, generate_series(1, 3) s;
insert into usage_records (tenant_id, id, model, input_tokens, output_tokens, latency_ms, status, created_at)
  select 't' || lpad((n % 20)::text, 2, '0'), 'usage-' || n, 'kimi:k2', 100, 50, 800, 'ok',
    timestamptz '2029-01-01' + n * interval '517 seconds'
  from generate_series(1, 20000) n;
analyze tenants, threads, turns, usage_records;
`;

describe.skipIf(!postgres.available)('PostgreSQL query plans on 10 000 threads', () => {
  let subject: PostgresStoreSubject;

  beforeAll(async () => {
    subject = await createPostgresStoreSubject();
    await subject.testSchema.pool.query(seedSql);
  }, 60_000);

  afterAll(async () => {
    await subject?.store.close();
    await subject?.cleanup();
  });

  const scans = async (query: { text: string; values: unknown[] }) =>
    describeScans(await explainPlan(subject.testSchema.pool, query.text, query.values));

  it('reads a thread by its primary key', async () => {
    expect(await scans({ text: getThreadSql, values: ['t03', 'thread-123'] })).toEqual([
      'Index Scan on threads using threads_pkey',
    ]);
  });

  it('pages a tenant’s threads by recency along threads_tenant_recent_idx', async () => {
    const firstPage = listThreadsQuery('t03', { limit: 50 }, now);
    expect(await scans(firstPage)).toEqual(['Index Scan on threads using threads_tenant_recent_idx']);
    const cursor = encodeCursor(['2029-01-03T10:00:00.000000Z', 'thread-3000']);
    const laterPage = listThreadsQuery('t03', { limit: 50, cursor }, now);
    expect(await scans(laterPage)).toEqual(['Index Scan on threads using threads_tenant_recent_idx']);
  });

  it('reads a thread’s turns along turns_pkey', async () => {
    expect(await scans({ text: listTurnsSql, values: ['t03', 'thread-123', 0, null] })).toEqual([
      'Index Scan on turns using turns_pkey',
    ]);
  });

  it('reads usage by tenant and day range along usage_records_tenant_created_idx', async () => {
    const range = { from: new Date('2029-02-01T00:00:00Z'), to: new Date('2029-02-08T00:00:00Z') };
    for (const query of [summarizeUsageQuery('t03', range), listUsageQuery('t03', { ...range, limit: 50 })]) {
      const found = await scans(query);
      expect(found.join('\n')).not.toMatch(/Seq Scan/);
      expect(found.join('\n')).toMatch(
        /Index Scan (on usage_records )?using usage_records_tenant_created_idx/,
      );
    }
  });
});
