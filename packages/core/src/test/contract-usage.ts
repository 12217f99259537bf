import { describe, expect, it } from 'vitest';
import { RecordExistsError } from '../errors/record-exists-error.js';
import { RecordNotFoundError } from '../errors/record-not-found-error.js';
import { DEFAULT_TENANT_ID, type RecordUsageInput, type UsageSummaryRow } from '../session-store/v1/index.js';
import type { ContractContext } from './contract-context.js';
import { collectPages, expectRejection, uuidPattern } from './contract-helpers.js';

const tenantId = DEFAULT_TENANT_ID;

function usage(id: string, createdAt: string, extra: Partial<RecordUsageInput> = {}): RecordUsageInput {
  return {
    tenantId,
    id,
    model: 'kimi:kimi-k2',
    inputTokens: 100,
    outputTokens: 50,
    latencyInMs: 800,
    status: 'ok',
    createdAt: new Date(createdAt),
    ...extra,
  };
}

function byDayAndModel(a: UsageSummaryRow, b: UsageSummaryRow): number {
  return `${a.day} ${a.model}` < `${b.day} ${b.model}` ? -1 : 1;
}

export function describeUsageContract(context: ContractContext): void {
  describe('usage', () => {
    it('records usage with every field, or with defaults', async () => {
      const input = usage('u1', '2025-03-01T10:00:00.123Z', {
        threadId: 'a-thread-that-need-not-exist',
        costInUsd: 0.125,
        status: 'error',
        errorCode: 'rate_limited',
      });
      const recorded = await context.store.recordUsage(input);
      expect(recorded).toEqual({ ...input });
      const plain = await context.store.recordUsage({
        tenantId,
        model: 'glm:glm-4.6',
        inputTokens: 0,
        outputTokens: 0,
        latencyInMs: 0,
        status: 'ok',
      });
      expect(plain).toEqual({
        tenantId,
        id: expect.stringMatching(uuidPattern),
        threadId: undefined,
        model: 'glm:glm-4.6',
        inputTokens: 0,
        outputTokens: 0,
        costInUsd: undefined,
        latencyInMs: 0,
        status: 'ok',
        errorCode: undefined,
        createdAt: expect.any(Date),
      });
      const listed = await context.store.listUsage(tenantId, { to: new Date('2025-03-02T00:00:00Z') });
      expect(listed.items).toEqual([recorded]);
    });

    it('refuses usage for an unknown tenant, and an id that exists', async () => {
      await expectRejection(
        context.store.recordUsage(usage('u1', '2025-03-01T10:00:00Z', { tenantId: 'no-such-tenant' })),
        RecordNotFoundError,
      );
      await context.store.recordUsage(usage('u1', '2025-03-01T10:00:00Z'));
      await expectRejection(
        context.store.recordUsage(usage('u1', '2025-03-01T11:00:00Z')),
        RecordExistsError,
      );
    });

    it('lists newest first, `from` inclusive and `to` exclusive, per tenant', async () => {
      await context.store.createTenant({ id: 'tenant-b' });
      await context.store.recordUsage(usage('u2', '2025-03-01T02:00:00Z'));
      await context.store.recordUsage(usage('u4', '2025-03-01T04:00:00Z'));
      await context.store.recordUsage(usage('u1', '2025-03-01T01:00:00Z'));
      await context.store.recordUsage(usage('u3', '2025-03-01T03:00:00Z'));
      await context.store.recordUsage(usage('b1', '2025-03-01T03:30:00Z', { tenantId: 'tenant-b' }));
      const ids = async (query: Parameters<typeof context.store.listUsage>[1]) =>
        (await context.store.listUsage(tenantId, query)).items.map((record) => record.id);

      expect(await ids({})).toEqual(['u4', 'u3', 'u2', 'u1']);
      const from = new Date('2025-03-01T02:00:00Z');
      const to = new Date('2025-03-01T04:00:00Z');
      expect(await ids({ from, to })).toEqual(['u3', 'u2']);
      expect(await ids({ from })).toEqual(['u4', 'u3', 'u2']);
      expect((await context.store.listUsage('tenant-b')).items.map((record) => record.id)).toEqual(['b1']);
    });

    it('pages through usage newest first, each record once', async () => {
      for (let hour = 10; hour < 17; hour += 1) {
        await context.store.recordUsage(usage(`u${hour}`, `2025-03-01T${hour}:00:00Z`));
      }
      const pages = await collectPages((cursor) => context.store.listUsage(tenantId, { limit: 3, cursor }));
      expect(pages.map((page) => page.map((record) => record.id))).toEqual([
        ['u16', 'u15', 'u14'],
        ['u13', 'u12', 'u11'],
        ['u10'],
      ]);
    });

    it('summarises calls, errors, tokens and cost per UTC day and model', async () => {
      const calls: RecordUsageInput[] = [
        usage('a', '2025-03-01T00:00:00.000Z', { costInUsd: 0.5 }),
        usage('b', '2025-03-01T23:59:59.999Z', { status: 'error', inputTokens: 7, outputTokens: 0 }),
        usage('c', '2025-03-01T12:00:00.000Z', { model: 'glm:glm-4.6', costInUsd: 0.25 }),
        usage('d', '2025-03-02T00:00:00.000Z', { costInUsd: 1.25, inputTokens: 1, outputTokens: 2 }),
      ];
      for (const call of calls) await context.store.recordUsage(call);
      const summary = await context.store.summarizeUsage(tenantId);
      expect([...summary].sort(byDayAndModel)).toEqual([
        {
          day: '2025-03-01',
          model: 'glm:glm-4.6',
          calls: 1,
          errors: 0,
          inputTokens: 100,
          outputTokens: 50,
          costInUsd: 0.25,
        },
        {
          day: '2025-03-01',
          model: 'kimi:kimi-k2',
          calls: 2,
          errors: 1,
          inputTokens: 107,
          outputTokens: 50,
          costInUsd: 0.5,
        },
        {
          day: '2025-03-02',
          model: 'kimi:kimi-k2',
          calls: 1,
          errors: 0,
          inputTokens: 1,
          outputTokens: 2,
          costInUsd: 1.25,
        },
      ]);
    });

    it('summarises only the query’s range', async () => {
      await context.store.recordUsage(usage('a', '2025-03-01T23:59:59.999Z'));
      await context.store.recordUsage(usage('b', '2025-03-02T00:00:00.000Z'));
      await context.store.recordUsage(usage('c', '2025-03-03T00:00:00.000Z'));
      const days = async (from?: string, to?: string) =>
        (
          await context.store.summarizeUsage(tenantId, {
            from: from === undefined ? undefined : new Date(from),
            to: to === undefined ? undefined : new Date(to),
          })
        )
          .map((row) => `${row.day}:${row.calls}`)
          .sort();

      expect(await days('2025-03-02T00:00:00.000Z')).toEqual(['2025-03-02:1', '2025-03-03:1']);
      expect(await days(undefined, '2025-03-02T00:00:00.000Z')).toEqual(['2025-03-01:1']);
      expect(await days('2025-03-01T00:00:00Z', '2025-03-03T00:00:00Z')).toEqual([
        '2025-03-01:1',
        '2025-03-02:1',
      ]);
      expect(await context.store.summarizeUsage('no-such-tenant')).toEqual([]);
    });
  });
}
