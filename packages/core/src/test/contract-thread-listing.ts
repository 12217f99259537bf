import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_TENANT_ID, type ThreadRecord } from '../session-store/v1/index.js';
import type { ContractContext } from './contract-context.js';
import { appendUntilUpdatedAfter, byRecency, collectPages, latest } from './contract-helpers.js';

const tenantId = DEFAULT_TENANT_ID;

export function describeThreadListingContract(
  context: ContractContext,
  { clockFollowsDate = true }: { clockFollowsDate?: boolean } = {},
): void {
  async function listIds(options: Parameters<typeof context.store.listThreads>[1] = {}): Promise<string[]> {
    const page = await context.store.listThreads(tenantId, { limit: 500, ...options });
    expect(page.nextCursor).toBeUndefined();
    return page.items.map((thread) => thread.id);
  }

  async function current(ids: readonly string[]): Promise<ThreadRecord[]> {
    const threads = await Promise.all(ids.map((id) => context.store.getThread(tenantId, id)));
    return threads.filter((thread): thread is ThreadRecord => thread !== undefined);
  }

  describe('listing threads', () => {
    it('lists nothing, on one last page, for a tenant without threads', async () => {
      expect(await context.store.listThreads(tenantId)).toEqual({ items: [], nextCursor: undefined });
      expect(await context.store.listThreads('no-such-tenant')).toEqual({ items: [], nextCursor: undefined });
    });

    it('lists the most recently updated first (ties: id descending)', async () => {
      const ids = ['recency-a', 'recency-b', 'recency-c'];
      for (const id of ids) await context.store.createThread({ tenantId, id });
      expect(await listIds()).toEqual((await current(ids)).sort(byRecency).map((t) => t.id));

      const others = await current(['recency-b', 'recency-c']);
      await appendUntilUpdatedAfter(
        context.store,
        tenantId,
        'recency-a',
        latest(others.map((t) => t.updatedAt)),
      );
      const afterA = await listIds();
      expect(afterA[0]).toBe('recency-a');
      expect(afterA).toEqual((await current(ids)).sort(byRecency).map((t) => t.id));

      const a = await context.store.getThread(tenantId, 'recency-a');
      await appendUntilUpdatedAfter(context.store, tenantId, 'recency-b', a?.updatedAt ?? new Date(0));
      expect((await listIds()).slice(0, 2)).toEqual(['recency-b', 'recency-a']);
    });

    it('pages through 25 threads ten at a time, each exactly once, in list order', async () => {
      const ids = Array.from({ length: 25 }, (_, index) => `paged-${String(index).padStart(2, '0')}`);
      for (const id of ids) await context.store.createThread({ tenantId, id });

      const pages = await collectPages(async (cursor) =>
        context.store.listThreads(tenantId, { limit: 10, cursor }),
      );
      expect(pages.map((page) => page.length)).toEqual([10, 10, 5]);
      const paged = pages.flat();
      expect(paged.map((t) => t.id).sort()).toEqual(ids);
      expect(paged.map((t) => t.id)).toEqual([...paged].sort(byRecency).map((t) => t.id));
      expect(paged.map((t) => t.id)).toEqual(await listIds());
    });

    it('searches titles and turn contents, ignoring case', async () => {
      await context.store.createThread({ tenantId, id: 'by-title', title: 'Refactor the Payment Gateway' });
      await context.store.createThread({ tenantId, id: 'by-content', title: 'Untitled' });
      await context.store.createThread({ tenantId, id: 'unrelated', title: 'Lunch plans' });
      const turn = { tenantId, role: 'user', content: 'Why does the PAYMENT retry twice?' } as const;
      await context.store.appendTurn({ ...turn, threadId: 'by-content' });
      await context.store.appendTurn({ ...turn, threadId: 'unrelated', content: 'pizza or pasta' });

      expect((await listIds({ search: 'payment' })).sort()).toEqual(['by-content', 'by-title']);
      expect(await listIds({ search: 'GATEWAY' })).toEqual(['by-title']);
      expect(await listIds({ search: 'retry TWICE' })).toEqual(['by-content']);
      expect(await listIds({ search: 'no such words' })).toEqual([]);
    });

    it('searches for % and _ as plain characters', async () => {
      await context.store.createThread({ tenantId, id: 'percent', title: 'Cut costs by 50% now' });
      await context.store.createThread({ tenantId, id: 'digits', title: 'Cut costs by 500 now' });
      await context.store.createThread({ tenantId, id: 'underscore', title: 'rename snake_case keys' });
      await context.store.createThread({ tenantId, id: 'letter', title: 'rename snakeXcase keys' });

      expect(await listIds({ search: '50%' })).toEqual(['percent']);
      expect(await listIds({ search: 'e_c' })).toEqual(['underscore']);
    });

    it('hides expired threads unless includeExpired is set', async () => {
      await context.store.createThread({
        tenantId,
        id: 'expired',
        expiresAt: new Date('2000-01-01T00:00:00Z'),
      });
      await context.store.createThread({
        tenantId,
        id: 'later',
        expiresAt: new Date('2100-01-01T00:00:00Z'),
      });
      await context.store.createThread({ tenantId, id: 'forever' });

      expect((await listIds()).sort()).toEqual(['forever', 'later']);
      expect((await listIds({ includeExpired: true })).sort()).toEqual(['expired', 'forever', 'later']);
      expect(await context.store.getThread(tenantId, 'expired')).toMatchObject({ id: 'expired' });
    });

    it.skipIf(!clockFollowsDate)(
      'lists a thread that expires exactly now (expired means before now)',
      async () => {
        const now = new Date('2030-06-01T12:00:00.000Z');
        vi.useFakeTimers({ toFake: ['Date'], now });
        try {
          await context.store.createThread({ tenantId, id: 'now', expiresAt: now });
          await context.store.createThread({
            tenantId,
            id: 'just-before',
            expiresAt: new Date(now.getTime() - 1),
          });
          expect(await listIds()).toEqual(['now']);
        } finally {
          vi.useRealTimers();
        }
      },
    );
  });
}
