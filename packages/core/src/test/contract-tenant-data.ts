import { describe, expect, it } from 'vitest';
import { RecordNotFoundError } from '../errors/record-not-found-error.js';
import type { SessionStoreV1, TenantDataCounts } from '../session-store/v1/index.js';
import type { ContractContext } from './contract-context.js';
import { expectRejection } from './contract-helpers.js';

const sha = (n: number) => n.toString(16).padStart(64, '0');

/** Gives `tenantId` two threads (three turns, one workflow state), a file, usage, audit and a key. */
async function populateTenant(store: SessionStoreV1, tenantId: string): Promise<void> {
  await store.createTenant({ id: tenantId });
  const first = await store.createThread({ tenantId, id: 'shared-id', title: `${tenantId} one` });
  const second = await store.createThread({ tenantId, title: `${tenantId} two` });
  for (const content of ['q', 'a']) {
    await store.appendTurn({ tenantId, threadId: first.id, role: 'user', content });
  }
  await store.appendTurn({ tenantId, threadId: second.id, role: 'user', content: 'hi' });
  await store.putWorkflowState(tenantId, first.id, { step: 1 });
  await store.putFileRecord({
    tenantId,
    provider: 'kimi',
    sha256: sha(tenantId.length),
    providerFileId: `file-${tenantId}`,
    sizeInBytes: 10,
  });
  await store.recordUsage({
    tenantId,
    threadId: first.id,
    model: 'kimi:k2',
    inputTokens: 1,
    outputTokens: 2,
    latencyInMs: 3,
    status: 'ok',
  });
  await store.appendAudit({ tenantId, action: 'test.event', target: first.id });
  await store.createApiKey({
    tenantId,
    name: 'k',
    prefix: `exai_${tenantId}`,
    hash: tenantId.repeat(64).slice(0, 64),
  });
}

const populated = (audit: number): TenantDataCounts => ({
  threads: 2,
  turns: 3,
  workflowStates: 1,
  files: 1,
  usage: 1,
  audit,
  apiKeys: 1,
});

export function describeTenantDataContract(context: ContractContext): void {
  describe('tenant data: deletion', () => {
    it('counts what a tenant holds, and refuses a missing tenant', async () => {
      await populateTenant(context.store, 'acme');
      const counts = await context.store.countTenantData('acme');
      expect(counts).toMatchObject({ ...populated(counts.audit) });
      expect(counts.audit).toBeGreaterThanOrEqual(1);
      await expectRejection(context.store.countTenantData('no-such-tenant'), RecordNotFoundError);
    });

    it('deletes every record of one tenant, leaves one audit event of it, and touches no other tenant', async () => {
      const { store } = context;
      await populateTenant(store, 'acme');
      await populateTenant(store, 'other');
      const otherBefore = await store.countTenantData('other');
      const acmeBefore = await store.countTenantData('acme');

      const deleted = await store.deleteTenantData({
        tenantId: 'acme',
        audit: { actor: 'cli', detail: { reason: 'request 42' } },
      });
      expect(deleted).toEqual(acmeBefore);

      expect(await store.countTenantData('acme')).toEqual({
        threads: 0,
        turns: 0,
        workflowStates: 0,
        files: 0,
        usage: 0,
        audit: 1,
        apiKeys: 0,
      });
      expect(await store.getTenant('acme')).toMatchObject({ id: 'acme' });
      expect(await store.getThread('acme', 'shared-id')).toBeUndefined();
      expect((await store.listThreads('acme')).items).toEqual([]);
      expect(await store.getWorkflowState('acme', 'shared-id')).toBeUndefined();
      expect((await store.listFileRecords('acme')).items).toEqual([]);
      expect((await store.listUsage('acme')).items).toEqual([]);
      expect(await store.listApiKeys('acme')).toEqual([]);
      expect(await store.findApiKeyByHash('acme'.repeat(64).slice(0, 64))).toBeUndefined();
      const [event, ...rest] = (await store.listAudit('acme')).items;
      expect(rest).toEqual([]);
      expect(event).toMatchObject({
        tenantId: 'acme',
        actor: 'cli',
        action: 'tenant.delete',
        target: 'acme',
        detail: { reason: 'request 42', deleted: acmeBefore },
      });

      expect(await store.countTenantData('other')).toEqual(otherBefore);
      expect(await store.getThread('other', 'shared-id')).toMatchObject({ turnCount: 2 });
      expect(await store.listApiKeys('other')).toHaveLength(1);
    });

    it("deletes the tenant's tasks and stream events too, and no other tenant's", async () => {
      const { store } = context;
      await populateTenant(store, 'acme');
      await populateTenant(store, 'other');
      for (const tenantId of ['acme', 'other']) {
        await store.createTask({ tenantId, id: 'task-1', request: { tool: 'chat' } });
        await store.appendStreamEvent({
          tenantId,
          streamId: 's',
          eventId: `${tenantId}-e1`,
          message: { n: 1 },
        });
        await store.appendStreamEvent({
          tenantId,
          streamId: 's',
          eventId: `${tenantId}-e2`,
          message: { n: 2 },
        });
      }
      await store.deleteTenantData({ tenantId: 'acme' });
      expect(await store.getTask('acme', 'task-1')).toBeUndefined();
      expect((await store.listTasks('acme')).items).toEqual([]);
      expect(await store.replayStreamEvents('acme', 'acme-e1')).toBeUndefined();
      expect(await store.getTask('other', 'task-1')).toMatchObject({ id: 'task-1' });
      expect((await store.replayStreamEvents('other', 'other-e1'))?.events).toHaveLength(1);
    });

    it('refuses a missing tenant, deleting nothing', async () => {
      await populateTenant(context.store, 'other');
      const before = await context.store.countTenantData('other');
      await expectRejection(context.store.deleteTenantData({ tenantId: 'missing' }), RecordNotFoundError);
      expect(await context.store.countTenantData('other')).toEqual(before);
    });

    it('can run twice: the second time deletes the first deletion event only', async () => {
      await populateTenant(context.store, 'acme');
      await context.store.deleteTenantData({ tenantId: 'acme' });
      const again = await context.store.deleteTenantData({ tenantId: 'acme' });
      expect(again).toMatchObject({ threads: 0, audit: 1 });
      expect((await context.store.listAudit('acme')).items).toHaveLength(1);
    });
  });

  describe('tenant data: page cursors', () => {
    it('a cursor from one tenant’s listing, passed by another tenant, pages only that other tenant’s records', async () => {
      const { store } = context;
      await store.createTenant({ id: 'acme' });
      for (let index = 0; index < 3; index++) {
        await store.createThread({ tenantId: 'acme', title: `acme ${index}` });
        await store.createThread({ tenantId: 'default', title: `local ${index}` });
        for (const tenantId of ['acme', 'default']) {
          await store.recordUsage({
            tenantId,
            model: 'm',
            inputTokens: 1,
            outputTokens: 1,
            latencyInMs: 1,
            status: 'ok',
          });
          await store.appendAudit({ tenantId, action: 'test.event' });
        }
      }
      const threadCursor = (await store.listThreads('acme', { limit: 1 })).nextCursor;
      const usageCursor = (await store.listUsage('acme', { limit: 1 })).nextCursor;
      const auditCursor = (await store.listAudit('acme', { limit: 1 })).nextCursor;
      expect([threadCursor, usageCursor, auditCursor]).not.toContain(undefined);
      const threads = await store.listThreads('default', { cursor: threadCursor! });
      expect(threads.items.every((thread) => thread.tenantId === 'default')).toBe(true);
      const usage = await store.listUsage('default', { cursor: usageCursor! });
      expect(usage.items.every((record) => record.tenantId === 'default')).toBe(true);
      const audit = await store.listAudit('default', { cursor: auditCursor! });
      expect(audit.items.every((event) => event.tenantId === 'default')).toBe(true);
    });
  });

  describe('tenant data: retention (prune)', () => {
    it('deletes usage and audit records older than their cut-offs, in every tenant', async () => {
      const { store } = context;
      await store.createTenant({ id: 'acme' });
      const old = new Date('2020-01-01T00:00:00Z');
      const recent = new Date('2030-01-01T00:00:00Z');
      const cut = new Date('2025-01-01T00:00:00Z');
      for (const tenantId of ['default', 'acme']) {
        for (const createdAt of [old, recent]) {
          await store.recordUsage({
            tenantId,
            model: 'm',
            inputTokens: 1,
            outputTokens: 1,
            latencyInMs: 1,
            status: 'ok',
            createdAt,
          });
          await store.appendAudit({ tenantId, action: 'test.event', at: createdAt });
        }
      }
      expect(await store.prune({ usageCreatedBefore: cut })).toEqual({ threads: 0, usage: 2, audit: 0 });
      expect(await store.prune({ auditBefore: cut })).toEqual({ threads: 0, usage: 0, audit: 2 });
      for (const tenantId of ['default', 'acme']) {
        expect((await store.listUsage(tenantId)).items.map((u) => u.createdAt)).toEqual([recent]);
        expect((await store.listAudit(tenantId)).items.map((a) => a.at)).toEqual([recent]);
      }
    });

    it('deletes threads last updated before the cut-off, with their turns and workflow state', async () => {
      const { store } = context;
      const stale = await store.createThread({ tenantId: 'default', title: 'stale' });
      await store.appendTurn({ tenantId: 'default', threadId: stale.id, role: 'user', content: 'x' });
      await store.putWorkflowState('default', stale.id, { step: 1 });
      const staleUpdatedAt = (await store.getThread('default', stale.id))!.updatedAt;
      await new Promise((resolve) => setTimeout(resolve, 20));
      const fresh = await store.createThread({ tenantId: 'default', title: 'fresh' });
      expect(fresh.updatedAt.getTime()).toBeGreaterThan(staleUpdatedAt.getTime());

      expect(await store.prune({ threadsUpdatedBefore: fresh.updatedAt })).toMatchObject({ threads: 1 });
      expect(await store.getThread('default', stale.id)).toBeUndefined();
      expect(await store.listTurns('default', stale.id)).toEqual([]);
      expect(await store.getWorkflowState('default', stale.id)).toBeUndefined();
      expect(await store.getThread('default', fresh.id)).toBeDefined();
    });

    it('deletes nothing without cut-offs', async () => {
      await populateTenant(context.store, 'acme');
      expect(await context.store.prune({})).toEqual({ threads: 0, usage: 0, audit: 0 });
    });
  });
}
