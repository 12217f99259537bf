import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { remainingExchanges } from './remaining-exchanges.js';
import { connectToolHarness, type ToolHarness } from './tool-test-helpers.js';

let upstream: FakeUpstream;
let harness: ToolHarness;

beforeAll(async () => {
  upstream = await createFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(async () => {
  upstream.reset();
  harness = await connectToolHarness(upstream, { runtime: { limits: { maxTurns: 5 } } });
});
afterEach(async () => {
  await harness.close();
});

describe('remaining exchanges', () => {
  it('counts down in the text and structuredContent of a model-backed tool, from maxTurns', async () => {
    upstream.enqueue({ reply: { text: 'One.' } });
    const first = await harness.call('chat', { prompt: 'First?', model: 'kimi-k2' });
    expect(first.structured.remaining_exchanges).toBe(1);
    expect(first.text).toMatch(/\n1 exchange remaining in this thread\.$/);

    upstream.enqueue({ reply: { text: 'Two.' } });
    const second = await harness.call('chat', {
      prompt: 'Second?',
      model: 'kimi-k2',
      continuation_id: first.structured.continuation_id,
    });
    expect(second.structured.remaining_exchanges).toBe(0);
    expect(second.text).toContain('No exchanges remaining in this thread: start a new one');
  });

  it('is given by workflow steps too, next to their required_actions', async () => {
    const step = await harness.call('thinkdeep', {
      step: 'Is the cache safe under concurrent writes?',
      step_number: 1,
      total_steps: 2,
      next_step_required: true,
      findings: 'The cache uses a plain Map.',
    });
    expect(step.isError).toBe(false);
    expect(step.structured.remaining_exchanges).toBe(2);
    const actions = step.structured.required_actions as string[];
    expect(actions).toHaveLength(2);
    expect(actions[1]).toContain(
      `Call thinkdeep with continuation_id "${String(step.structured.continuation_id)}", step_number 2, total_steps 2`,
    );

    const last = await harness.call('thinkdeep', {
      step: 'Concluded.',
      step_number: 2,
      total_steps: 2,
      next_step_required: false,
      findings: 'Writes are serialised by the lock.',
      confidence: 'certain',
      continuation_id: step.structured.continuation_id,
    });
    expect(last.structured.required_actions).toEqual(['Present the thinkdeep result to the user.']);
  });
});

describe('remainingExchanges with the turn count a commit returned', () => {
  it('does not read the thread again', async () => {
    const runtime = {
      limits: { maxTurns: 10 },
      store: {
        getThread: () => {
          throw new Error('read the thread');
        },
      },
    } as unknown as Parameters<typeof remainingExchanges>[0]['runtime'];
    await expect(remainingExchanges({ runtime, tenantId: 't' }, 'thread', 4)).resolves.toBe(3);
    await expect(remainingExchanges({ runtime, tenantId: 't' }, '', 4)).resolves.toBeUndefined();
  });
});
