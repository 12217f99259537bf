import { createProviderRegistry } from '@exai/core';
import { createOpenAI } from '@exai/providers';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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
  const openai = createOpenAI({ apiKey: 'sk-test', baseURL: `${upstream.url}/v1` });
  harness = await connectToolHarness(upstream, {
    runtime: { registry: createProviderRegistry({ providers: [openai] }) },
  });
});
afterEach(async () => {
  await harness.close();
});

const lastBody = () => upstream.requests.at(-1)?.body as Record<string, unknown>;

describe('thinking levels', () => {
  it('maps a level to the provider setting, and keeps accepting true', async () => {
    upstream.enqueue({ reply: { text: 'A.' } });
    expect(
      (await harness.call('chat', { prompt: 'Hi', model: 'openai:o3', thinking: 'minimal' })).isError,
    ).toBe(false);
    expect(lastBody()).toMatchObject({ reasoning_effort: 'minimal' });

    upstream.enqueue({ reply: { text: 'B.' } });
    await harness.call('chat', { prompt: 'Hi', model: 'openai:o3', thinking: true });
    expect(lastBody()).toMatchObject({ reasoning_effort: 'medium' });

    upstream.enqueue({ reply: { text: 'C.' } });
    await harness.call('thinkdeep', {
      step: 'Is it safe?',
      step_number: 1,
      total_steps: 1,
      next_step_required: false,
      findings: 'A lock.',
      model: 'openai:o3',
      thinking: 'max',
    });
    expect(lastBody()).toMatchObject({ reasoning_effort: 'high' });
  });

  it('refuses a level it does not know', async () => {
    const result = await harness.call('chat', { prompt: 'Hi', model: 'openai:o3', thinking: 'extreme' });
    expect(result.isError).toBe(true);
    expect(upstream.requests).toHaveLength(0);
  });
});
