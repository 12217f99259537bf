import { InvalidResponseError, type LanguageModelV1StreamPart } from '@exai/core';
import { describe, expect, it, vi } from 'vitest';
import { collectStream, useFakeUpstream } from '../test-helpers/use-fake-upstream.js';
import { createOpenAICompatible } from './openai-compatible-provider.js';

const prompt = [{ role: 'user' as const, content: 'Hi' }];

describe('how a streamed answer ends', () => {
  const fixture = useFakeUpstream({ transport: { retry: { maxRetries: 0 } } });
  const model = () =>
    createOpenAICompatible({
      name: 'acme',
      baseURL: fixture.baseURL,
      apiKey: 'sk-test',
      transport: fixture.transport,
    })('acme-1');

  /** `[DONE]` and some pings, then (after `holdInMs`, the first half of the body being sent) the end. */
  function enqueueDoneThenPings(holdInMs: number): void {
    const chunk = JSON.stringify({
      id: 'c1',
      model: 'acme-1',
      choices: [{ index: 0, delta: { content: 'Done.' }, finish_reason: 'stop' }],
    });
    const sent = `data: ${chunk}\n\ndata: [DONE]\n\n${': ping\n\n'.repeat(20)}`;
    // `truncate-stream` on a raw body: the first half goes out, then the server holds the
    // connection for `chunkDelayMs`, then sends nothing more and ends the response.
    fixture.upstream.enqueue({
      body: sent + ': ping\n\n'.repeat(Math.ceil(sent.length / 8)),
      fault: 'truncate-stream',
      chunkDelayMs: holdInMs,
    });
  }

  it('finishes at [DONE] even when the upstream keeps the connection open with pings', async () => {
    enqueueDoneThenPings(10_000);
    const startedAt = performance.now();
    const { stream } = await model().doStream({ prompt });
    const clientAbort = fixture.upstream.waitForClientAbort({ timeoutInMs: 5_000 });
    const parts: LanguageModelV1StreamPart[] = [];
    for await (const part of stream) parts.push(part);

    expect(performance.now() - startedAt).toBeLessThan(2_000);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' });
    // The rest of the body is drained only briefly; then the connection is closed.
    await expect(clientAbort).resolves.toMatchObject({ clientAborted: true });
    expect(fixture.transport.status().bulkheads[0]).toMatchObject({ inFlight: 0 });
  });

  it('drains a short rest after [DONE], so the connection is kept', async () => {
    enqueueDoneThenPings(50);
    const parts = await collectStream((await model().doStream({ prompt })).stream);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' });
    // The server ends the response 50 ms after [DONE]; the client must not have hung up first.
    await expect(fixture.upstream.waitForClientAbort({ timeoutInMs: 400 })).rejects.toThrow(/no client/);
    await vi.waitFor(() => expect(fixture.transport.status().bulkheads[0]).toMatchObject({ inFlight: 0 }));
    expect(fixture.upstream.requests[0]?.clientAborted).toBe(false);
  });

  it('rejects doStream with the upstream message when a streamed request gets a JSON error', async () => {
    fixture.upstream.enqueue({
      body: { error: { message: 'Your account quota is exhausted', type: 'insufficient_quota' } },
    });
    const error = await model()
      .doStream({ prompt })
      .catch((caught: unknown) => caught);
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('Your account quota is exhausted');
  });

  it('streams a whole JSON chat completion sent in answer to a streamed request', async () => {
    fixture.upstream.enqueue({
      body: {
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: 1_700_000_000,
        model: 'acme-1',
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: 'Hello there.',
              reasoning_content: 'Greeting.',
              tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }],
            },
            finish_reason: 'tool_calls',
          },
        ],
        usage: { prompt_tokens: 4, completion_tokens: 3, total_tokens: 7 },
      },
    });
    const parts = await collectStream((await model().doStream({ prompt })).stream);
    expect(parts).toEqual([
      { type: 'stream-start', warnings: [] },
      {
        type: 'response-metadata',
        id: 'chatcmpl-1',
        modelId: 'acme-1',
        timestamp: new Date(1_700_000_000_000),
      },
      { type: 'reasoning-delta', delta: 'Greeting.' },
      { type: 'text-delta', delta: 'Hello there.' },
      { type: 'tool-call', toolCallId: 'call_1', toolName: 'f', input: '{}' },
      {
        type: 'finish',
        finishReason: 'tool-calls',
        usage: { inputTokens: 4, outputTokens: 3, totalTokens: 7 },
      },
    ]);
  });

  // The model turn of the MCP tools, not the provider, decides an empty answer is a failure: an
  // answer of only tool calls is a whole answer to a caller that offers tools.
  it('passes an answer with no choice through as empty text with finish reason unknown, in both modes', async () => {
    const usage = { prompt_tokens: 4, completion_tokens: 0, total_tokens: 4 };
    fixture.upstream.enqueue(
      { body: { id: 'chatcmpl-1', object: 'chat.completion', model: 'acme-1', choices: [], usage } },
      { body: `data: ${JSON.stringify({ id: 'chatcmpl-2', choices: [], usage })}\n\ndata: [DONE]\n\n` },
    );
    const result = await model().doGenerate({ prompt });
    expect(result).toMatchObject({ text: '', reasoning: undefined, toolCalls: [], finishReason: 'unknown' });
    const parts = await collectStream((await model().doStream({ prompt })).stream);
    expect(parts.filter((part) => part.type !== 'stream-start' && part.type !== 'response-metadata')).toEqual(
      [
        {
          type: 'finish',
          finishReason: 'unknown',
          usage: { inputTokens: 4, outputTokens: 0, totalTokens: 4 },
        },
      ],
    );
  });
});
