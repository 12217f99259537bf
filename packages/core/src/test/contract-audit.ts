import { describe, expect, it } from 'vitest';
import { RecordExistsError } from '../errors/record-exists-error.js';
import { RecordNotFoundError } from '../errors/record-not-found-error.js';
import type { AppendAuditInput } from '../session-store/v1/index.js';
import type { ContractContext } from './contract-context.js';
import { collectPages, expectRejection, uuidPattern } from './contract-helpers.js';

/** A tenant of its own, so events an adapter writes for thread changes never mix in. */
const tenantId = 'audited';

function event(id: string, at: string, action = 'apikey.create'): AppendAuditInput {
  return { tenantId, id, at: new Date(at), action };
}

export function describeAuditContract(context: ContractContext): void {
  describe('audit', () => {
    it('appends events with every field, or with defaults', async () => {
      await context.store.createTenant({ id: tenantId });
      const input: AppendAuditInput = {
        ...event('e1', '2025-03-01T10:00:00.250Z', 'thread.delete'),
        actor: 'key-123',
        target: 'thread-9',
        detail: { reason: 'user asked — ✓', counts: { turns: 4 } },
      };
      const appended = await context.store.appendAudit(input);
      expect(appended).toEqual(input);
      const plain = await context.store.appendAudit({ tenantId, action: 'tenant.update' });
      expect(plain).toEqual({
        tenantId,
        id: expect.stringMatching(uuidPattern),
        at: expect.any(Date),
        actor: undefined,
        action: 'tenant.update',
        target: undefined,
        detail: {},
      });
      const listed = await context.store.listAudit(tenantId, { action: 'thread.delete' });
      expect(listed).toEqual({ items: [appended], nextCursor: undefined });
    });

    it('refuses an event for an unknown tenant, and an id that exists', async () => {
      await expectRejection(
        context.store.appendAudit({ ...event('e1', '2025-03-01T10:00:00Z'), tenantId: 'no-such-tenant' }),
        RecordNotFoundError,
      );
      await context.store.createTenant({ id: tenantId });
      await context.store.appendAudit(event('e1', '2025-03-01T10:00:00Z'));
      await expectRejection(
        context.store.appendAudit(event('e1', '2025-03-01T11:00:00Z')),
        RecordExistsError,
      );
    });

    it('lists newest first and filters by action', async () => {
      await context.store.createTenant({ id: tenantId });
      await context.store.appendAudit(event('e2', '2025-03-01T02:00:00Z', 'thread.delete'));
      await context.store.appendAudit(event('e3', '2025-03-01T03:00:00Z', 'apikey.revoke'));
      await context.store.appendAudit(event('e1', '2025-03-01T01:00:00Z', 'thread.delete'));
      await context.store.appendAudit(event('e4', '2025-03-01T04:00:00Z', 'thread.delete'));
      const ids = async (action?: string) =>
        (await context.store.listAudit(tenantId, { action })).items.map((item) => item.id);

      expect(await ids()).toEqual(['e4', 'e3', 'e2', 'e1']);
      expect(await ids('thread.delete')).toEqual(['e4', 'e2', 'e1']);
      expect(await ids('apikey.revoke')).toEqual(['e3']);
      expect(await ids('no.such.action')).toEqual([]);
      expect((await context.store.listAudit('no-such-tenant')).items).toEqual([]);
    });

    it('pages through events newest first, each once, with the action filter kept', async () => {
      await context.store.createTenant({ id: tenantId });
      for (let minute = 10; minute < 20; minute += 1) {
        const action = minute % 2 === 0 ? 'even.tick' : 'odd.tick';
        await context.store.appendAudit(event(`e${minute}`, `2025-03-01T10:${minute}:00Z`, action));
      }
      const pages = await collectPages((cursor) =>
        context.store.listAudit(tenantId, { action: 'even.tick', limit: 2, cursor }),
      );
      expect(pages.map((page) => page.map((item) => item.id))).toEqual([
        ['e18', 'e16'],
        ['e14', 'e12'],
        ['e10'],
      ]);
    });
  });
}
