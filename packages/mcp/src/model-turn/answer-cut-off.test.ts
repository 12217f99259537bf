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
    // The same, for a program: the limit the answer stopped at.
    expect(result.structured.cut_off_at_tokens).toBe(sentOutputLimit());
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
    expect(rest.structured).not.toHaveProperty('cut_off_at_tokens');
  });

  it('says so for a streamed answer too', async () => {
    upstream.enqueue({ reply: { text: 'A long, streamed answer that', finishReason: 'length', chunks: 4 } });
    const result = await harness.call('chat', { prompt: 'Stream a long answer', model: 'kimi-k2' }, () => {});
    expect((upstream.requests[0]?.body as { stream?: boolean }).stream).toBe(true);
    expect(result.isError).toBe(false);
    expect(result.text).toMatch(/^A long, streamed answer that\n\n/);
    expect(result.text).toContain(cutOffLine(sentOutputLimit()));
    expect(result.structured.cut_off_at_tokens).toBe(sentOutputLimit());
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
    expect(result.structured).not.toHaveProperty('cut_off_at_tokens');
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
    expect(result.structured.answers).toEqual([
      { model: 'kimi:kimi-k2-0905-preview', stance: 'for' },
      { model: 'glm:glm-4.6', stance: 'against', cut_off_at_tokens: glmLimit },
    ]);
    expect(result.structured).not.toHaveProperty('synthesis_cut_off_at_tokens');
  });

  it('marks a cut-off consensus synthesis in synthesis_cut_off_at_tokens', async () => {
    upstream.handle((request) => {
      const system = (request.body as { messages: Array<{ content: unknown }> }).messages[0]?.content;
      return String(system).startsWith('You are given a question and the independent answers')
        ? { reply: { text: 'On balance, both agree that', finishReason: 'length' } }
        : { reply: { text: 'An answer.' } };
    });
    const result = await harness.call('consensus', {
      prompt: 'Should we?',
      models: [
        { model: 'kimi:kimi-k2', stance: 'for' },
        { model: 'glm:glm-4.6', stance: 'against' },
      ],
      synthesis_model: 'kimi:kimi-k2',
    });
    expect(result.isError).toBe(false);
    expect(upstream.requests).toHaveLength(3);
    const synthesisLimit = (upstream.requests[2]?.body as { max_tokens: number }).max_tokens;
    expect(result.text).toContain(
      "On balance, both agree that\n\n(Cut off: this answer stopped at the model's output limit of " +
        `${synthesisLimit} tokens, so it is incomplete.)`,
    );
    expect(result.structured.synthesis_cut_off_at_tokens).toBe(synthesisLimit);
    const answers = result.structured.answers as Array<Record<string, unknown>>;
    expect(answers.some((answer) => 'cut_off_at_tokens' in answer)).toBe(false);
  });

  it("marks a workflow's cut-off expert analysis in expert.cut_off_at_tokens", async () => {
    upstream.enqueue({ reply: { text: 'The hypothesis holds, except', finishReason: 'length' } });
    const result = await harness.call('thinkdeep', {
      step: 'Is it safe?',
      step_number: 1,
      total_steps: 1,
      next_step_required: false,
      findings: 'Probably.',
      confidence: 'high',
      model: 'kimi-k2',
    });
    expect(result.isError).toBe(false);
    expect(result.text).toContain(cutOffLine(sentOutputLimit()));
    expect(result.structured.expert).toMatchObject({
      model: 'kimi:kimi-k2-0905-preview',
      cut_off_at_tokens: sentOutputLimit(),
    });
  });

  it('declares cut_off_at_tokens in the output schema of every model-backed tool that has one', async () => {
    const { tools } = await harness.client.listTools();
    const outputProperties = (name: string) =>
      (tools.find((tool) => tool.name === name)?.outputSchema?.properties ?? {}) as Record<
        string,
        { items?: { properties?: Record<string, unknown> } }
      >;
    // A plain number: every tools/list carries these schemas.
    const cutOffSchema = { type: 'number' };
    for (const name of ['chat', 'file_query', 'web_search'])
      expect(outputProperties(name).cut_off_at_tokens, name).toEqual(cutOffSchema);
    expect(outputProperties('consensus').answers?.items?.properties?.cut_off_at_tokens).toEqual(cutOffSchema);
    expect(outputProperties('consensus').synthesis_cut_off_at_tokens).toEqual(cutOffSchema);
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
