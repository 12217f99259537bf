import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chatBodies, connectToolHarness, systemText, type ToolHarness } from '../tools/tool-test-helpers.js';

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
  harness = await connectToolHarness(upstream, {
    runtime: { toolModels: { chat: 'glm:glm-4.6', thinkdeep: 'glm:glm-4.6' }, locale: 'fr-FR' },
  });
});
afterEach(async () => {
  await harness.close();
});

const chatRequests = () => upstream.requests.filter((request) => request.path.endsWith('/chat/completions'));

describe('per-tool default models and the locale from the runtime', () => {
  it('answers with the tool default model unless the call names one, in the locale asked', async () => {
    upstream.enqueue({ reply: { text: 'Oui.' } });
    const byDefault = await harness.call('chat', { prompt: 'Is it safe?' });
    expect(byDefault.structured.model).toBe('glm:glm-4.6');
    expect(chatBodies(upstream).at(-1)?.model).toBe('glm-4.6');
    expect(systemText(chatRequests().at(-1)!)).toContain('Answer in the user\'s language, locale "fr-FR"');

    upstream.enqueue({ reply: { text: 'Oui.' } });
    const named = await harness.call('chat', { prompt: 'Is it safe?', model: 'kimi-k2' });
    expect(named.structured.model).toBe('kimi:kimi-k2-0905-preview');
  });

  it('applies to the expert call of a workflow tool', async () => {
    upstream.enqueue({ reply: { text: 'Analyse.' } });
    const result = await harness.call('thinkdeep', {
      step: 'Is the cache safe?',
      step_number: 1,
      total_steps: 1,
      next_step_required: false,
      findings: 'A plain Map.',
    });
    expect(result.isError).toBe(false);
    expect(result.structured.expert).toMatchObject({ model: 'glm:glm-4.6' });
    expect(systemText(chatRequests().at(-1)!)).toContain('locale "fr-FR"');
  });
});
