import { describe, expect, it } from 'vitest';
import { RecordExistsError } from '../errors/record-exists-error.js';
import { RecordNotFoundError } from '../errors/record-not-found-error.js';
import { DEFAULT_TENANT_ID } from '../session-store/v1/index.js';
import type { ContractContext } from './contract-context.js';
import { expectRejection, uuidPattern } from './contract-helpers.js';

const tenantId = DEFAULT_TENANT_ID;

export function describeThreadContract(context: ContractContext): void {
  describe('threads', () => {
    it('creates a thread with a new UUID and empty defaults', async () => {
      const created = await context.store.createThread({ tenantId });
      expect(created).toEqual({
        tenantId,
        id: expect.stringMatching(uuidPattern),
        title: undefined,
        createdAt: expect.any(Date),
        updatedAt: created.createdAt,
        expiresAt: undefined,
        turnCount: 0,
        metadata: {},
      });
      const second = await context.store.createThread({ tenantId });
      expect(second.id).not.toBe(created.id);
      expect(await context.store.getThread(tenantId, created.id)).toEqual(created);
    });

    it('round-trips a given id, title, expiry and metadata (nested JSON, unicode)', async () => {
      const metadata = {
        client: { name: 'claude-code', version: [1, 2, 3] },
        flags: { draft: true, parent: null },
        note: 'naïve café — 日本語 🚀',
        score: 0.75,
      };
      const created = await context.store.createThread({
        tenantId,
        id: 'review-42',
        title: 'Reviews ünïcode ✓',
        expiresAt: new Date('2100-01-02T03:04:05.678Z'),
        metadata,
      });
      expect(created).toMatchObject({ id: 'review-42', title: 'Reviews ünïcode ✓', metadata });
      expect(created.expiresAt).toEqual(new Date('2100-01-02T03:04:05.678Z'));
      expect(await context.store.getThread(tenantId, 'review-42')).toEqual(created);
    });

    it('reads an unknown thread as undefined', async () => {
      expect(await context.store.getThread(tenantId, 'no-such-thread')).toBeUndefined();
      expect(await context.store.getThread('no-such-tenant', 'no-such-thread')).toBeUndefined();
    });

    it('refuses a thread for an unknown tenant', async () => {
      await expectRejection(context.store.createThread({ tenantId: 'no-such-tenant' }), RecordNotFoundError);
    });

    it('refuses a thread id that exists in the tenant', async () => {
      await context.store.createThread({ tenantId, id: 'taken', title: 'first' });
      await expectRejection(context.store.createThread({ tenantId, id: 'taken' }), RecordExistsError);
      expect((await context.store.getThread(tenantId, 'taken'))?.title).toBe('first');
    });

    it('keeps the same thread id in two tenants as two threads', async () => {
      await context.store.createTenant({ id: 'tenant-b' });
      await context.store.createThread({ tenantId, id: 'shared', title: 'A' });
      await context.store.createThread({ tenantId: 'tenant-b', id: 'shared', title: 'B' });
      await context.store.appendTurn({ tenantId, threadId: 'shared', role: 'user', content: 'only in A' });
      await context.store.putWorkflowState(tenantId, 'shared', { owner: 'A' });

      expect(await context.store.getThread('tenant-b', 'shared')).toMatchObject({ title: 'B', turnCount: 0 });
      expect(await context.store.listTurns('tenant-b', 'shared')).toEqual([]);
      expect(await context.store.getWorkflowState('tenant-b', 'shared')).toBeUndefined();
      expect(await context.store.deleteThread('tenant-b', 'shared')).toBe(true);
      expect(await context.store.getThread(tenantId, 'shared')).toMatchObject({ title: 'A', turnCount: 1 });
    });

    it('keeps one tenant’s threads out of another tenant’s reach', async () => {
      await context.store.createTenant({ id: 'tenant-b' });
      await context.store.createThread({ tenantId, id: 'private', title: 'secret plans' });
      await context.store.appendTurn({ tenantId, threadId: 'private', role: 'user', content: 'secret turn' });

      expect(await context.store.getThread('tenant-b', 'private')).toBeUndefined();
      expect((await context.store.listThreads('tenant-b', { includeExpired: true })).items).toEqual([]);
      expect((await context.store.listThreads('tenant-b', { search: 'secret' })).items).toEqual([]);
      expect(await context.store.listTurns('tenant-b', 'private')).toEqual([]);
      expect(await context.store.deleteThread('tenant-b', 'private')).toBe(false);
      const append = { tenantId: 'tenant-b', threadId: 'private', role: 'user', content: 'x' } as const;
      await expectRejection(context.store.appendTurn(append), RecordNotFoundError);
      await expectRejection(context.store.putWorkflowState('tenant-b', 'private', {}), RecordNotFoundError);
      expect(await context.store.getThread(tenantId, 'private')).toMatchObject({ turnCount: 1 });
    });

    it('deletes a thread with its turns and workflow state', async () => {
      await context.store.createThread({ tenantId, id: 'doomed' });
      await context.store.appendTurn({
        tenantId,
        threadId: 'doomed',
        role: 'user',
        content: 'a',
        idempotencyKey: 'k',
      });
      await context.store.appendTurn({ tenantId, threadId: 'doomed', role: 'assistant', content: 'b' });
      await context.store.putWorkflowState(tenantId, 'doomed', { step: 2 });

      expect(await context.store.deleteThread(tenantId, 'doomed')).toBe(true);
      expect(await context.store.getThread(tenantId, 'doomed')).toBeUndefined();
      expect(await context.store.listTurns(tenantId, 'doomed')).toEqual([]);
      expect(await context.store.getWorkflowState(tenantId, 'doomed')).toBeUndefined();
      expect(await context.store.deleteThread(tenantId, 'doomed')).toBe(false);

      const again = await context.store.createThread({ tenantId, id: 'doomed' });
      expect(again.turnCount).toBe(0);
      const result = await context.store.appendTurn({
        tenantId,
        threadId: 'doomed',
        role: 'user',
        content: 'fresh',
        idempotencyKey: 'k',
      });
      expect(result).toMatchObject({ created: true, turn: { seq: 1, content: 'fresh' } });
      expect(await context.store.getWorkflowState(tenantId, 'doomed')).toBeUndefined();
    });
  });
}
