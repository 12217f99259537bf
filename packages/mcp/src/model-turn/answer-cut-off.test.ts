import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectToolHarness, type ToolHarness } from '../tools/tool-test-helpers.js';
import { continuationFooter } from './continuation-footer.js';

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

/** The `max_tokens` the chat request at `index` was sent with. */
function sentOutputLimit(index = 0): number {
  return (upstream.requests[index]?.body as { max_tokens: number }).max_tokens;
}

/** The line a cut-off answer's footer starts with, for an output limit of `limit` tokens. */
function cutOffLine(limit: number): string {
  return `---\nCut off: the answer stopped at the model's output limit (${limit} tokens), so it is incomplete.`;
}

describe('an answer cut off at the output limit', () => {
  it('is returned and stored, and the footer says it is incomplete and how to get the rest', async () => {
    upstream.enqueue({
      reply: { text: 'The first three reasons are: one, two and', finishReason: 'length' },
    });
    const result = await harness.call('chat', { prompt: 'Give me every reason', model: 'kimi-k2' });
    expect(result.isError).toBe(false);
    expect(result.text).toMatch(/^The first three reasons are: one, two and\n\n/);
    expect(result.text).toContain(
      `${cutOffLine(sentOutputLimit())} To get the rest, pass continuation_id to chat and ask the ` +
        "model to continue where it stopped, or ask for less at a time. The limit is the model's " +
        'maxOutputTokens, at most half its context window (set per model in the models entries of ' +
        'exai.config.json).\ncontinuation_id: ',
    );
    // The part the model wrote is the conversation's answer, so it can be continued.
    const threadId = result.structured.continuation_id as string;
    const turns = await harness.store.listTurns('default', threadId);
    expect(turns.map((turn) => turn.content)).toEqual([
      'Give me every reason',
      'The first three reasons are: one, two and',
    ]);
    const usage = (await harness.store.listUsage('default')).items;
    expect(usage.map((record) => record.status)).toEqual(['ok']);

    upstream.enqueue({ reply: { text: 'three.' } });
    const rest = await harness.call('chat', {
      prompt: 'Continue where you stopped',
      continuation_id: threadId,
    });
    expect(rest.isError).toBe(false);
    expect(rest.text).not.toContain('Cut off');
  });

  it('says so for a streamed answer too', async () => {
    upstream.enqueue({ reply: { text: 'A long, streamed answer that', finishReason: 'length', chunks: 4 } });
    const result = await harness.call('chat', { prompt: 'Stream a long answer', model: 'kimi-k2' }, () => {});
    expect((upstream.requests[0]?.body as { stream?: boolean }).stream).toBe(true);
    expect(result.isError).toBe(false);
    expect(result.text).toMatch(/^A long, streamed answer that\n\n/);
    expect(result.text).toContain(cutOffLine(sentOutputLimit()));
  });

  it("counts GLM's model_context_window_exceeded as cut off", async () => {
    upstream.enqueue({
      reply: { text: 'Part of it', finishReason: 'model_context_window_exceeded' },
      match: { path: '/glm/chat/completions' },
    });
    const result = await harness.call('chat', { prompt: 'Long', model: 'glm:glm-4.6' }, () => {});
    expect(result.isError).toBe(false);
    expect(result.text).toContain(cutOffLine(sentOutputLimit()));
  });

  it('adds nothing to an answer that ended by itself', async () => {
    upstream.enqueue({ reply: { text: 'Complete.', finishReason: 'stop' } });
    const result = await harness.call('chat', { prompt: 'Short', model: 'kimi-k2' });
    expect(result.isError).toBe(false);
    expect(result.text).toMatch(/^Complete\.\n\n---\ncontinuation_id: /);
  });

  it('marks the cut-off answer of one consensus model under that answer', async () => {
    upstream.handle((request) => {
      const model = (request.body as { model: string }).model;
      return model === 'glm-4.6'
        ? { reply: { text: 'GLM says no, because', finishReason: 'length' } }
        : { reply: { text: 'Kimi says yes.' } };
    });
    const result = await harness.call('consensus', {
      prompt: 'Should we?',
      models: [
        { model: 'kimi:kimi-k2', stance: 'for' },
        { model: 'glm:glm-4.6', stance: 'against' },
      ],
    });
    expect(result.isError).toBe(false);
    const glmLimit = upstream.requests
      .map((request) => request.body as { model: string; max_tokens: number })
      .find((body) => body.model === 'glm-4.6')?.max_tokens;
    expect(result.text).toContain(
      `GLM says no, because\n\n(Cut off: this answer stopped at the model's output limit of ${glmLimit} ` +
        'tokens, so it is incomplete.)',
    );
    expect(result.text).toContain('Kimi says yes.\n\n## ');
    expect(result.text.match(/Cut off/g)).toHaveLength(1);
  });
});

describe('continuationFooter of a cut-off answer', () => {
  it('tells how to get the rest without a continuation_id when the answer was not saved', () => {
    const footer = continuationFooter(
      {
        threadId: '',
        model: 'kimi:kimi-k2-0905-preview',
        fallbacks: [],
        filesOmitted: [],
        cutOff: { outputLimitInTokens: 8192 },
        notSaved: { code: 'store_unavailable', reason: 'the session store (postgres) was unavailable' },
      },
      'chat',
    );
    expect(footer).toBe(
      "---\nCut off: the answer stopped at the model's output limit (8192 tokens), so it is incomplete. " +
        'To get the rest, ask for less at a time, or give the end of this answer in your next prompt and ' +
        "ask the model to continue from there. The limit is the model's maxOutputTokens, at most half its " +
        'context window (set per model in the models entries of exai.config.json).\n' +
        'Not saved (answered by kimi:kimi-k2-0905-preview): the session store (postgres) was unavailable ' +
        '(store_unavailable), so this answer cannot be continued with a continuation_id. To go on, include ' +
        'what you need from this answer in the prompt of your next call.',
    );
  });
});
