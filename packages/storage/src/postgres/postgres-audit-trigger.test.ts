import { afterEach, describe, expect, it } from 'vitest';
import {
  createPostgresStoreSubject,
  type PostgresStoreSubject,
} from './test-support/postgres-store-subject.js';
import { probePostgres } from './test-support/postgres-test-database.js';

const postgres = await probePostgres();
const tenantId = 'default';

describe.skipIf(!postgres.available)('PostgreSQL thread audit trigger', () => {
  let subject: PostgresStoreSubject | undefined;

  afterEach(async () => {
    await subject?.store.close();
    await subject?.cleanup();
    subject = undefined;
  });

  async function auditActions() {
    const page = await subject!.store.listAudit(tenantId);
    return page.items.map(({ action, target, actor }) => ({ action, target, actor })).reverse();
  }

  it('audits title changes and deletions, not appends', async () => {
    subject = await createPostgresStoreSubject();
    const { store, testSchema } = subject;
    await store.createThread({ tenantId, id: 't1', title: 'first', expiresAt: new Date('2100-01-01') });
    await store.appendTurn({ tenantId, threadId: 't1', role: 'user', content: 'a' });
    await store.appendTurn({
      tenantId,
      threadId: 't1',
      role: 'user',
      content: 'b',
      expiresAt: new Date('2100-02-01'),
    });
    await store.putWorkflowState(tenantId, 't1', { step: 1 });
    expect(await auditActions()).toEqual([]);

    const client = await testSchema.pool.connect();
    try {
      await client.query('begin');
      await client.query("select set_config('exai.actor', 'key-42', true)");
      await client.query("update threads set title = 'renamed' where id = 't1'");
      await client.query("update threads set title = 'renamed' where id = 't1'"); // no change: no event
      await client.query('commit');
    } finally {
      client.release();
    }
    await testSchema.pool.query("update threads set metadata = '{\"pinned\": true}' where id = 't1'");
    expect(await store.deleteThread(tenantId, 't1')).toBe(true);

    expect(await auditActions()).toEqual([
      { action: 'thread.update', target: 't1', actor: 'key-42' },
      { action: 'thread.update', target: 't1', actor: undefined },
      { action: 'thread.delete', target: 't1', actor: undefined },
    ]);
    const [deletion] = (await store.listAudit(tenantId, { action: 'thread.delete' })).items;
    expect(deletion?.detail).toEqual({ title: 'renamed', turnCount: 2 });
  });

  it('records expiry sweeps as the system, and lets a tenant with threads be deleted', async () => {
    subject = await createPostgresStoreSubject();
    const { store, testSchema } = subject;
    await store.createThread({ tenantId, id: 'old', expiresAt: new Date('2001-01-01') });
    await store.expire();
    expect(await auditActions()).toEqual([{ action: 'thread.delete', target: 'old', actor: 'system' }]);

    await store.createTenant({ id: 'leaving' });
    await store.createThread({ tenantId: 'leaving', id: 'x' });
    await testSchema.pool.query("delete from tenants where id = 'leaving'");
    expect(await store.getTenant('leaving')).toBeUndefined();
    const left = await testSchema.pool.query(
      "select count(*)::int as n from audit_events where tenant_id = 'leaving'",
    );
    expect(left.rows).toEqual([{ n: 0 }]);
  });
});
