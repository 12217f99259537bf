import { join } from 'node:path';
import { createFileService } from '@exai/core';
import { createTemporaryTree, type TemporaryTree } from '@exai/core/test';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chatBodies, connectToolHarness, shownText, type ToolHarness } from './tool-test-helpers.js';

let upstream: FakeUpstream;
let harness: ToolHarness;
let tree: TemporaryTree;
const longPrompt = `Review this plan:\n${'- a step of the plan\n'.repeat(200)}`;

beforeAll(async () => {
  upstream = await createFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(async () => {
  upstream.reset();
  tree = await createTemporaryTree();
  await tree.write({ 'prompt.md': longPrompt, 'empty.md': '  \n' });
  harness = await connectToolHarness(upstream, {
    runtime: { files: createFileService({ allowedRoots: [tree.base] }) },
  });
});
afterEach(async () => {
  await harness.close();
  await tree.remove();
});

describe('prompt_file', () => {
  it('gives chat its prompt from a file', async () => {
    upstream.enqueue({ reply: { text: 'Looks fine.' } });
    const result = await harness.call('chat', {
      prompt_file: join(tree.base, 'prompt.md'),
      model: 'kimi-k2',
    });
    expect(result.isError).toBe(false);
    expect(shownText(chatBodies(upstream).at(-1)!)).toContain(longPrompt);
  });

  it('gives consensus and thinkdeep theirs', async () => {
    upstream.enqueue({ reply: { text: 'For.' } });
    upstream.enqueue({ reply: { text: 'Against.' } });
    const consensus = await harness.call('consensus', {
      prompt_file: join(tree.base, 'prompt.md'),
      models: [{ model: 'kimi-k2' }, { model: 'glm:glm-4.6' }],
    });
    expect(consensus.isError).toBe(false);
    for (const body of chatBodies(upstream)) expect(shownText(body)).toContain(longPrompt);

    const step = await harness.call('thinkdeep', {
      prompt_file: join(tree.base, 'prompt.md'),
      step_number: 1,
      total_steps: 2,
      next_step_required: true,
      findings: '',
    });
    expect(step.isError).toBe(false);
    const turns = await harness.store.listTurns('default', String(step.structured.continuation_id));
    expect(JSON.stringify(turns)).toContain('a step of the plan');
  });

  it('takes exactly one of prompt and prompt_file, an absolute path inside the allowed roots', async () => {
    const file = join(tree.base, 'prompt.md');
    const both = await harness.call('chat', { prompt: 'Hi', prompt_file: file });
    expect(both.text).toContain('Pass either prompt or prompt_file, not both.');
    const neither = await harness.call('chat', {});
    expect(neither.text).toContain(
      'Pass prompt, or prompt_file with the absolute path of a file holding it.',
    );
    const relative = await harness.call('chat', { prompt_file: 'prompt.md' });
    expect(relative.text).toContain('prompt_file must be an absolute path');
    const outside = await harness.call('chat', { prompt_file: '/etc/hostname' });
    expect(outside.isError).toBe(true);
    const empty = await harness.call('chat', { prompt_file: join(tree.base, 'empty.md') });
    expect(empty.text).toContain('is empty');
    const noStep = await harness.call('thinkdeep', {
      step_number: 1,
      total_steps: 1,
      next_step_required: true,
      findings: '',
    });
    expect(noStep.text).toContain('Pass step, or prompt_file');
    expect(upstream.requests).toHaveLength(0);
  });
});
