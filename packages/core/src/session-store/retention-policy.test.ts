import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { startExpirySweep, type SweepResult } from './expiry-sweep.js';
import { createMemorySessionStore } from './memory/memory-session-store.js';
import { applyRetention, retentionCutoffs } from './retention-policy.js';

const day = 86_400_000;
const now = new Date('2026-06-01T00:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * day);

async function seededStore() {
  let clock = daysAgo(40);
  const store = createMemorySessionStore({ now: () => clock });
  const stale = await store.createThread({ tenantId: 'default', title: 'stale' });
  clock = daysAgo(1);
  const fresh = await store.createThread({ tenantId: 'default', title: 'fresh' });
  clock = now;
  for (const age of [500, 10]) {
    const at = daysAgo(age);
    await store.recordUsage({
      tenantId: 'default',
      model: 'm',
      inputTokens: 1,
      outputTokens: 1,
      latencyInMs: 1,
      status: 'ok',
      createdAt: at,
    });
    await store.appendAudit({ tenantId: 'default', action: 'test.event', at });
  }
  return { store, stale, fresh };
}

describe('retention', () => {
  it('turns ages into cut-offs, leaving absent ones out', () => {
    expect(retentionCutoffs({ threadsInMs: 30 * day, auditInMs: 400 * day }, now)).toEqual({
      threadsUpdatedBefore: daysAgo(30),
      usageCreatedBefore: undefined,
      auditBefore: daysAgo(400),
    });
    expect(() => retentionCutoffs({ usageInMs: 0 }, now)).toThrow(InvalidArgumentError);
    expect(() => retentionCutoffs({ usageInMs: 0 }, now)).toThrow(
      'retention.usage must be a positive duration',
    );
  });

  it('deletes threads, usage and audit older than the policy says, and keeps the rest', async () => {
    const { store, stale, fresh } = await seededStore();
    const result = await applyRetention(
      store,
      { threadsInMs: 30 * day, usageInMs: 400 * day, auditInMs: 400 * day },
      now,
    );
    expect(result).toEqual({ threads: 1, usage: 1, audit: 1 });
    expect(await store.getThread('default', stale.id)).toBeUndefined();
    expect(await store.getThread('default', fresh.id)).toBeDefined();
    expect((await store.listUsage('default')).items).toHaveLength(1);
    expect((await store.listAudit('default')).items).toHaveLength(1);
    expect(await applyRetention(store, {}, now)).toEqual({ threads: 0, usage: 0, audit: 0 });
  });

  it('is applied by the expiry sweep, which reports what it removed', async () => {
    const { store, stale } = await seededStore();
    const reports: SweepResult[] = [];
    const sweep = startExpirySweep({
      store,
      now: () => now,
      retention: { threadsInMs: 30 * day, usageInMs: 400 * day },
      onSweep: (result) => reports.push(result),
    });
    try {
      const result = await sweep.sweepNow();
      expect(result).toEqual({ threads: 0, files: 0, retention: { threads: 1, usage: 1, audit: 0 } });
      expect(reports).toEqual([result]);
      expect(await store.getThread('default', stale.id)).toBeUndefined();
    } finally {
      await sweep.stop();
    }
  });

  it('refuses a bad age when the sweep starts', () => {
    const store = createMemorySessionStore();
    expect(() => startExpirySweep({ store, retention: { auditInMs: -1 } })).toThrow(InvalidArgumentError);
  });
});
