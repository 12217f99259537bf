import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chatBodies, connectToolHarness, type ToolHarness } from '../tools/tool-test-helpers.js';

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
  harness = await connectToolHarness(upstream);
});
afterEach(async () => {
  await harness.close();
});

// kimi-k2: a 262,144-token window with 32,768 kept for the answer, about 917,000 characters.
describe('the context window check', () => {
  it('refuses a message that cannot fit even alone, before any request is sent', async () => {
    const result = await harness.call('chat', { prompt: 'x'.repeat(3_000_000), model: 'kimi-k2' });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('context_window_exceeded');
    expect(result.text).toContain('262144');
    expect(result.text).toMatch(/about 750\d{3} tokens/);
    expect(result.text).toMatch(/Shorten the prompt/);
    expect(upstream.requests).toEqual([]);
  });

  it('sends a large message that fits, leaving out the history that does not', async () => {
    const first = await harness.call('chat', { prompt: 'a'.repeat(800_000), model: 'kimi-k2' });
    expect(first.isError).toBe(false);
    const id = String(first.structured.continuation_id);
    const second = await harness.call('chat', {
      prompt: 'b'.repeat(800_000),
      model: 'kimi-k2',
      continuation_id: id,
    });
    expect(second.isError).toBe(false);
    const sent = chatBodies(upstream).at(-1);
    expect(sent?.messages.map((message) => message.role)).toEqual(['system', 'user']);
    expect(String(sent?.messages[0]?.content)).toMatch(
      /\n\nNote: the 2 oldest messages of this conversation were left out to fit your context window; the messages below are the most recent ones\.$/,
    );
  });
});

describe('the answer room', () => {
  it("is sent as max_tokens: the model's max output, at most half its context window", async () => {
    expect((await harness.call('chat', { prompt: 'hi', model: 'kimi-k2' })).isError).toBe(false);
    expect((await harness.call('chat', { prompt: 'hi', model: 'glm-4.6' })).isError).toBe(false);
    expect((await harness.call('chat', { prompt: 'hi', model: 'moonshot-v1-8k' })).isError).toBe(false);
    const sent = upstream.requests.map((request) => (request.body as { max_tokens?: number }).max_tokens);
    // kimi-k2: 32,768 of 262,144; glm-4.6: 131,072 capped at 204,800 / 2; moonshot-v1-8k: 4,096 of 8,192.
    expect(sent).toEqual([32_768, 102_400, 4_096]);
  });

  it('is sent on a streamed call too', async () => {
    const result = await harness.call('chat', { prompt: 'hi', model: 'kimi-k2' }, () => {});
    expect(result.isError).toBe(false);
    expect(upstream.requests[0]?.body).toMatchObject({ stream: true, max_tokens: 32_768 });
  });
});
