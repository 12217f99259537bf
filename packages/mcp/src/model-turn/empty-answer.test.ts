import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chatBodies, connectToolHarness, type ToolHarness } from '../tools/tool-test-helpers.js';

const kimiModel = 'kimi:kimi-k2-0905-preview';
const usage = { prompt_tokens: 40, completion_tokens: 7, total_tokens: 47 };

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

/** The streamed chat completion the upstream sends for `choices: []`: no choice, then usage, then [DONE]. */
function noChoicesStream(): string {
  const event = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;
  return (
    event({
      id: 'chatcmpl-empty',
      object: 'chat.completion.chunk',
      model: 'kimi-k2-0905-preview',
      choices: [],
    }) +
    event({ id: 'chatcmpl-empty', object: 'chat.completion.chunk', choices: [], usage }) +
    'data: [DONE]\n\n'
  );
}

/** The chat's only usage record is a failed one: `empty_answer`, with the tokens the upstream reported. */
async function expectFailedUsage(): Promise<void> {
  const records = (await harness.store.listUsage('default')).items;
  expect(records).toEqual([
    expect.objectContaining({
      model: kimiModel,
      status: 'error',
      errorCode: 'empty_answer',
      inputTokens: 40,
      outputTokens: 7,
    }),
  ]);
}

/** The `max_tokens` the first chat request was sent with. */
function sentOutputLimit(): number {
  return (upstream.requests[0]?.body as { max_tokens: number }).max_tokens;
}

describe('an empty model answer', () => {
  it('is an empty_answer tool error, recorded as a failed call, with nothing stored', async () => {
    upstream.enqueue({ reply: { text: '', usage } });
    const result = await harness.call('chat', { prompt: 'Say something', model: 'kimi-k2' });
    expect(result.isError).toBe(true);
    expect(result.text).toBe(
      `empty_answer: ${kimiModel} returned an empty answer (finish reason stop): it sent no answer ` +
        'text at all. Ask again, or ask another model. Nothing of it was kept.',
    );
    // Not retried: one request upstream, and no thread with an empty answer.
    expect(upstream.requests).toHaveLength(1);
    expect((await harness.store.listThreads('default')).items).toEqual([]);
    await expectFailedUsage();
  });

  it('is an error when the upstream sends no choice at all (choices: [])', async () => {
    upstream.enqueue({
      body: {
        id: 'chatcmpl-empty',
        object: 'chat.completion',
        model: 'kimi-k2-0905-preview',
        choices: [],
        usage,
      },
    });
    const result = await harness.call('chat', { prompt: 'Say something', model: 'kimi-k2' });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(
      new RegExp(
        `^empty_answer: ${kimiModel} returned an empty answer \\(finish reason unknown\\): it sent no answer text`,
      ),
    );
    expect((await harness.store.listThreads('default')).items).toEqual([]);
    await expectFailedUsage();
  });

  it('is an error when a streamed answer has no choice at all', async () => {
    upstream.enqueue({ body: noChoicesStream() });
    const result = await harness.call('chat', { prompt: 'Say something', model: 'kimi-k2' }, () => {});
    expect((upstream.requests[0]?.body as { stream?: boolean }).stream).toBe(true);
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^empty_answer: .*\(finish reason unknown\)/);
    expect((await harness.store.listThreads('default')).items).toEqual([]);
    await expectFailedUsage();
  });

  it('says the output limit ran out during reasoning when a streamed answer is only reasoning', async () => {
    upstream.enqueue({
      reply: { text: '', reasoning: 'First, consider every case in turn…', finishReason: 'length', usage },
    });
    const result = await harness.call('chat', { prompt: 'A hard question', model: 'kimi-k2' }, () => {});
    expect(result.isError).toBe(true);
    expect(result.text).toContain(
      `returned an empty answer (finish reason length): it reached its output limit of ${sentOutputLimit()} ` +
        'tokens while it was still reasoning, before writing any answer text. Ask for less at once, use a ' +
        'lower thinking level (or none), or use a model with more output room.',
    );
    await expectFailedUsage();
  });

  it('names the tools of an answer that is only tool calls', async () => {
    upstream.enqueue({ reply: { toolCalls: [{ name: 'read_file', arguments: '{"path":"a.ts"}' }], usage } });
    const result = await harness.call('chat', { prompt: 'Look at a.ts', model: 'kimi-k2' });
    expect(result.isError).toBe(true);
    expect(result.text).toContain(
      '(finish reason tool-calls): it only asked to call tools (read_file), which this call does not run.',
    );
    await expectFailedUsage();
  });

  it('leaves a continued conversation as it was, so asking again continues it', async () => {
    upstream.enqueue({ reply: { text: 'First answer.' } });
    const first = await harness.call('chat', { prompt: 'First question', model: 'kimi-k2' });
    const threadId = first.structured.continuation_id as string;
    expect(first.isError).toBe(false);

    upstream.enqueue({ reply: { text: ' \n\t ', usage }, chunkDelayMs: 1 });
    const empty = await harness.call(
      'chat',
      { prompt: 'Second question', continuation_id: threadId },
      () => {},
    );
    expect(empty.isError).toBe(true);
    expect(empty.text).toMatch(/^empty_answer: /);
    // No empty assistant turn, and not the user turn of the failed exchange either.
    const turns = await harness.store.listTurns('default', threadId);
    expect(turns.map((turn) => [turn.role, turn.content])).toEqual([
      ['user', 'First question'],
      ['assistant', 'First answer.'],
    ]);

    upstream.enqueue({ reply: { text: 'Second answer.' } });
    const again = await harness.call('chat', { prompt: 'Second question', continuation_id: threadId });
    expect(again.isError).toBe(false);
    expect(chatBodies(upstream).at(-1)?.messages.slice(1)).toEqual([
      { role: 'user', content: 'First question' },
      { role: 'assistant', content: 'First answer.' },
      { role: 'user', content: 'Second question' },
    ]);
  });
});
