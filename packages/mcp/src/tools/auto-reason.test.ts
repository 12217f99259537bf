import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectToolHarness, type ToolHarness } from './tool-test-helpers.js';

let upstream: FakeUpstream;
let harness: ToolHarness;
let expected: string;

beforeAll(async () => {
  upstream = await createFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(async () => {
  upstream.reset();
  upstream.handle(() => ({ reply: { text: 'An answer.' } }));
  harness = await connectToolHarness(upstream);
  // What the registry says about auto's pick, which every tool must pass on word for word.
  expected = harness.runtime.registry.plan('auto').auto?.reason ?? '';
});
afterEach(async () => {
  await harness.close();
});

describe('every tool that lets auto pick a model says which one and why', () => {
  it('names the pick, its catalogue rank, the pool and the runner-up', () => {
    expect(expected).toMatch(
      /^auto picked kimi:\S+: it has the highest catalogue rank \(rank \d+\) of the \d+ allowed models of the usable providers \(kimi, glm\); next was \S+ \(rank \d+\)\.$/,
    );
  });

  it('chat: in the text, above the continuation_id, and in auto_reason', async () => {
    const result = await harness.call('chat', { prompt: 'Hi', model: 'auto' });
    expect(result.text).toContain(`---\n${expected}\ncontinuation_id: `);
    expect(result.structured.auto_reason).toBe(expected);
    // The default model is auto here too.
    expect((await harness.call('chat', { prompt: 'Hi' })).structured.auto_reason).toBe(expected);
    // A model named explicitly needs no explanation.
    const named = await harness.call('chat', { prompt: 'Hi', model: 'glm-4.6' });
    expect(named.structured.auto_reason).toBeUndefined();
    expect(named.text).not.toContain('auto picked');
  });

  it('chat with thinking: the reason says what the call needed', async () => {
    const result = await harness.call('chat', { prompt: 'Hi', model: 'auto', thinking: true });
    expect(String(result.structured.auto_reason)).toMatch(
      /allowed models of the usable providers \(.+\) that offer thinking/,
    );
  });

  it('consensus: above each answer auto chose, and in answers[].auto_reason', async () => {
    const result = await harness.call('consensus', {
      prompt: 'Ship it?',
      models: [
        { model: 'auto', stance: 'for' },
        { model: 'glm-4.6', stance: 'against' },
      ],
    });
    expect(result.isError).toBe(false);
    expect(result.text).toMatch(
      new RegExp(`## kimi:\\S+ \\(for\\)\\n\\n\\(${escape(expected)}\\)\\n\\nAn answer\\.`),
    );
    const answers = result.structured.answers as Array<{ auto_reason?: string }>;
    expect(answers.map((answer) => answer.auto_reason)).toEqual([expected, undefined]);
  });

  it('a workflow expert: in the text and in expert.auto_reason', async () => {
    const result = await harness.call('thinkdeep', {
      step: 'Is it safe?',
      step_number: 1,
      total_steps: 1,
      next_step_required: false,
      findings: 'Probably.',
      confidence: 'high',
      model: 'auto',
    });
    expect(result.isError).toBe(false);
    expect(result.text).toContain(`---\n${expected}\ncontinuation_id: `);
    expect((result.structured.expert as { auto_reason?: string }).auto_reason).toBe(expected);
  });

  it('listmodels: under the default model', async () => {
    const result = await harness.call('listmodels', {});
    expect(result.text).toContain(
      `Default model now: ${expected.split(' ')[2]?.replace(/:$/, '')}\n${expected}`,
    );
    expect(result.structured.auto_reason).toBe(expected);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
