import {
  InvalidResponseError,
  StreamError,
  type LanguageModelV1StreamPart,
  type LanguageModelV1StreamResult,
} from '@exai/core';
import { describe, expect, it } from 'vitest';
import { collectStream, useFakeUpstream } from '../test-helpers/use-fake-upstream.js';
import { createOpenAICompatible } from './openai-compatible-provider.js';
import type { OpenAICompatibleProviderSettings } from './openai-compatible-settings.js';

type Part<T extends LanguageModelV1StreamPart['type']> = Extract<LanguageModelV1StreamPart, { type: T }>;

const ofType = <T extends LanguageModelV1StreamPart['type']>(parts: LanguageModelV1StreamPart[], type: T) =>
  parts.filter((part): part is Part<T> => part.type === type);

const joined = (parts: LanguageModelV1StreamPart[], type: 'text-delta' | 'reasoning-delta') =>
  ofType(parts, type)
    .map((part) => part.delta)
    .join('');

const lastError = (parts: LanguageModelV1StreamPart[]) => {
  const last = parts.at(-1);
  expect(last?.type).toBe('error');
  return (last as Part<'error'>).error;
};

describe('streaming', () => {
  const fixture = useFakeUpstream();
  const createAcme = (settings: Partial<OpenAICompatibleProviderSettings> = {}) =>
    createOpenAICompatible({
      name: 'acme',
      baseURL: fixture.baseURL,
      apiKey: 'sk-test',
      transport: fixture.transport,
      ...settings,
    });
  const stream = (
    settings?: Partial<OpenAICompatibleProviderSettings>,
  ): Promise<LanguageModelV1StreamResult> =>
    createAcme(settings)('acme-1').doStream({ prompt: [{ role: 'user', content: 'Hi' }] });

  it('asks for a stream with usage', async () => {
    await collectStream((await stream()).stream);
    await collectStream((await stream({ supportsStreamUsage: false })).stream);
    expect(fixture.upstream.requests[0]!.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(fixture.upstream.requests[1]!.body).toMatchObject({ stream: true });
    expect(fixture.upstream.requests[1]!.body).not.toHaveProperty('stream_options');
  });

  it('streams text and reasoning deltas, assembles tool calls, and finishes with usage', async () => {
    fixture.upstream.enqueue({
      splitChunks: true,
      reply: {
        reasoning: 'Thinking about 世界 🎉…',
        text: 'Hello, 世界! 🎉',
        toolCalls: [
          { id: 'call_a', name: 'lookup', arguments: '{"q":"naïve ☃"}' },
          { id: 'call_b', name: 'save', arguments: '{"ok":true}' },
        ],
        finishReason: 'tool_calls',
        usage: { prompt_tokens: 9, completion_tokens: 21 },
        chunks: 4,
      },
    });
    const result = await stream();
    expect(result.response?.headers?.['content-type']).toBe('text/event-stream');
    const parts = await collectStream(result.stream);

    expect(parts[0]).toEqual({ type: 'stream-start', warnings: [] });
    expect(parts[1]).toMatchObject({ type: 'response-metadata', modelId: 'acme-1' });
    expect(joined(parts, 'reasoning-delta')).toBe('Thinking about 世界 🎉…');
    expect(joined(parts, 'text-delta')).toBe('Hello, 世界! 🎉');
    expect(ofType(parts, 'text-delta').length).toBeGreaterThan(1);
    expect(ofType(parts, 'tool-call')).toEqual([
      { type: 'tool-call', toolCallId: 'call_a', toolName: 'lookup', input: '{"q":"naïve ☃"}' },
      { type: 'tool-call', toolCallId: 'call_b', toolName: 'save', input: '{"ok":true}' },
    ]);
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      finishReason: 'tool-calls',
      usage: { inputTokens: 9, outputTokens: 21, totalTokens: 30 },
    });
  });

  it('reads raw SSE with comments, CRLF, usage inside the choice and no [DONE]', async () => {
    const chunk = (delta: object, extra: object = {}) =>
      JSON.stringify({
        id: 'c1',
        model: 'acme-1',
        choices: [{ index: 0, delta, finish_reason: null, ...extra }],
      });
    fixture.upstream.enqueue({
      body:
        ': OPENROUTER PROCESSING\r\n\r\n' +
        `data:${chunk({ role: 'assistant', reasoning: 'Hm. ' })}\r\n\r\n` +
        `event: message\r\ndata: ${chunk({ content: 'Hi ' })}\r\n\r\n` +
        `data: ${chunk({ content: 'there' }, { finish_reason: 'stop', usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5, cached_tokens: 1 } })}\r\n\r\n`,
    });
    const parts = await collectStream((await stream()).stream);

    expect(joined(parts, 'reasoning-delta')).toBe('Hm. ');
    expect(joined(parts, 'text-delta')).toBe('Hi there');
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      finishReason: 'stop',
      usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5, cachedInputTokens: 1 },
    });
  });

  it('reads usage from a last chunk with empty choices', async () => {
    fixture.upstream.enqueue({
      body:
        `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'A' }, finish_reason: 'length' }] })}\n\n` +
        `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } })}\n\n` +
        'data: [DONE]\n\n',
    });
    const parts = await collectStream((await stream()).stream);
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      finishReason: 'length',
      usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
    });
  });

  it('ends with a StreamError (upstream) when an error event arrives mid-stream', async () => {
    fixture.upstream.enqueue({ fault: 'error-mid-stream', reply: { text: 'partial answer', chunks: 6 } });
    const parts = await collectStream((await stream()).stream);
    const error = lastError(parts);
    expect(StreamError.isInstance(error)).toBe(true);
    expect((error as StreamError).reason).toBe('upstream');
    expect((error as StreamError).message).toContain('fake upstream: error mid-stream');
    expect(ofType(parts, 'text-delta').length).toBeGreaterThan(0);
    expect(ofType(parts, 'finish')).toEqual([]);
  });

  it('ends with a StreamError (truncated) when the stream stops without finish reason or [DONE]', async () => {
    fixture.upstream.enqueue({
      fault: 'truncate-stream',
      splitChunks: true,
      reply: { text: 'cut short', chunks: 6 },
    });
    const parts = await collectStream((await stream()).stream);
    const error = lastError(parts);
    expect(StreamError.isInstance(error)).toBe(true);
    expect((error as StreamError).reason).toBe('truncated');
    expect(ofType(parts, 'finish')).toEqual([]);
  });

  it('ends with an InvalidResponseError on a malformed JSON event', async () => {
    fixture.upstream.enqueue({ fault: 'malformed-json', reply: { text: 'some text here', chunks: 4 } });
    const parts = await collectStream((await stream()).stream);
    const error = lastError(parts);
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect((error as InvalidResponseError).excerpt).toContain('<broken');
    expect(ofType(parts, 'finish')).toEqual([]);
  });

  it('accepts tool-call deltas without an index and arguments sent as an object', async () => {
    const event = (delta: object, finishReason: string | null = null) =>
      `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;
    fixture.upstream.enqueue({
      body:
        event({ tool_calls: [{ id: 'c1', type: 'function', function: { name: 'a', arguments: '{"x":' } }] }) +
        event({ tool_calls: [{ function: { arguments: '1}' } }] }) +
        event({ tool_calls: [{ id: 'c2', function: { name: 'b', arguments: { y: 2 } } }] }) +
        event({}, 'tool_calls') +
        'data: [DONE]\n\n',
    });
    const parts = await collectStream((await stream()).stream);
    expect(ofType(parts, 'tool-call')).toEqual([
      { type: 'tool-call', toolCallId: 'c1', toolName: 'a', input: '{"x":1}' },
      { type: 'tool-call', toolCallId: 'c2', toolName: 'b', input: '{"y":2}' },
    ]);
  });
});
