import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderRegistry, SessionStoreV1 } from '@exai/core';
import { createMemorySessionStore } from '@exai/core';
import { connectToolHarness, type ToolHarness } from '../tools/tool-test-helpers.js';

/** Counts how often each method of `target` is called. */
function counting<T extends object>(target: T, counts: Map<string, number>): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        counts.set(String(property), (counts.get(String(property)) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(object, args);
      };
    },
  });
}

let upstream: FakeUpstream;
let harness: ToolHarness;
const storeCalls = new Map<string, number>();
const registryCalls = new Map<string, number>();

beforeAll(async () => {
  upstream = await createFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(async () => {
  upstream.reset();
  const base = await connectToolHarness(upstream);
  const registry = base.runtime.registry;
  await base.close();
  harness = await connectToolHarness(upstream, {
    runtime: {
      store: counting<SessionStoreV1>(createMemorySessionStore(), storeCalls),
      registry: counting<ProviderRegistry>(registry, registryCalls),
    },
  });
});
afterEach(async () => {
  await harness.close();
});

/** Runs `call` and returns how often the store listed turns and the registry resolved a model. */
async function measured(call: () => Promise<unknown>) {
  storeCalls.clear();
  registryCalls.clear();
  await call();
  const resolutions = ['resolve', 'plan', 'chain', 'pickAuto'].reduce(
    (sum, name) => sum + (registryCalls.get(name) ?? 0),
    0,
  );
  return { listTurns: storeCalls.get('listTurns') ?? 0, resolutions, plans: registryCalls.get('plan') ?? 0 };
}

describe('a model turn', () => {
  it('resolves the model once and lists the thread once, for a new and a continued chat', async () => {
    let id = '';
    const first = await measured(async () => {
      const result = await harness.call('chat', { prompt: 'hello', model: 'kimi-k2' });
      expect(result.isError).toBe(false);
      id = String(result.structured.continuation_id);
    });
    expect(first).toEqual({ listTurns: 0, resolutions: 1, plans: 1 });
    const second = await measured(async () => {
      const result = await harness.call('chat', { prompt: 'again', model: 'kimi-k2', continuation_id: id });
      expect(result.isError).toBe(false);
    });
    expect(second).toEqual({ listTurns: 1, resolutions: 1, plans: 1 });
  });

  it('stores the turns, the usage and the audit event in one commit', async () => {
    storeCalls.clear();
    const result = await harness.call('chat', { prompt: 'hello', model: 'kimi-k2' });
    expect(result.isError).toBe(false);
    expect(storeCalls.get('commitTurn')).toBe(1);
    for (const write of ['createThread', 'appendTurn', 'recordUsage']) {
      expect(storeCalls.get(write), write).toBeUndefined();
    }
    // The one audit write outside the commit is the tool call's own record, after the turn.
    expect(storeCalls.get('appendAudit')).toBe(1);
    const id = String(result.structured.continuation_id);
    // A time-ordered (version 7) id: a new thread's rows append at the end of the store's indexes.
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const turns = await harness.store.listTurns('default', id);
    expect(turns.map((turn) => [turn.seq, turn.role])).toEqual([
      [1, 'user'],
      [2, 'assistant'],
    ]);
    const usage = await harness.store.listUsage('default');
    expect(usage.items).toMatchObject([{ threadId: id, status: 'ok' }]);
    expect(usage.items[0]?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    const audit = await harness.store.listAudit('default');
    const byAction = Object.fromEntries(audit.items.map((event) => [event.action, event]));
    expect(audit.items).toHaveLength(2);
    expect(byAction['tool.chat']).toMatchObject({ target: id });
    expect(byAction['tool.call']).toMatchObject({
      target: 'chat',
      detail: { outcome: 'ok', model: expect.stringMatching(/^kimi:/) },
    });
  });

  it('lists a continued consensus thread once for all its models', async () => {
    const started = await harness.call('chat', { prompt: 'hello', model: 'kimi-k2' });
    const id = String(started.structured.continuation_id);
    const round = await measured(async () => {
      const result = await harness.call('consensus', {
        prompt: 'Which is better?',
        models: [
          { model: 'kimi-k2', stance: 'for' },
          { model: 'glm-4.6', stance: 'against' },
        ],
        continuation_id: id,
      });
      expect(result.isError).toBe(false);
    });
    expect(round.listTurns).toBe(1);
    expect(round.plans).toBe(2);
  });

  it('resolves a workflow expert model once and lists the thread once on the final step', async () => {
    const base = {
      step: 'Review the retry loop.',
      total_steps: 2,
      findings: 'It retries a POST.',
      confidence: 'medium',
      model: 'kimi-k2',
    };
    const first = await harness.call('codereview', { ...base, step_number: 1, next_step_required: true });
    expect(first.isError).toBe(false);
    const id = String(first.structured.continuation_id);
    const final = await measured(async () => {
      const result = await harness.call('codereview', {
        ...base,
        step: 'Final.',
        step_number: 2,
        next_step_required: false,
        continuation_id: id,
      });
      expect(result.isError).toBe(false);
      expect(result.structured.expert_called).toBe(true);
    });
    expect(final).toEqual({ listTurns: 1, resolutions: 1, plans: 1 });
  });
});
