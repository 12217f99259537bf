import { MissingApiKeyError, type LanguageModelV1StreamPart } from '@exai/core';
import { describe, expect, it } from 'vitest';
import { collectStream, useFakeUpstream } from '../test-helpers/use-fake-upstream.js';
import { createKimi, type KimiProviderSettings } from './kimi-provider.js';

const prompt = [{ role: 'user' as const, content: 'What happened in Paris today?' }];
const searchArguments = JSON.stringify({ search_result: { search_id: 's-1' }, usage: { total_tokens: 42 } });
const searchRound = {
  reply: {
    toolCalls: [
      { id: 'call_search', type: 'builtin_function', name: '$web_search', arguments: searchArguments },
    ],
    usage: { prompt_tokens: 10, completion_tokens: 2 },
  },
};
const answerRound = { reply: { text: 'It rained.', usage: { prompt_tokens: 100, completion_tokens: 5 } } };

describe('kimi', () => {
  const fixture = useFakeUpstream();
  const kimi = (settings: KimiProviderSettings = {}) =>
    createKimi({ baseURL: fixture.baseURL, apiKey: 'sk-kimi', transport: fixture.transport, ...settings });

  it('resolves catalogue aliases and caps max_tokens at the model limit', async () => {
    const model = kimi()('kimi-k2');
    expect(model.modelId).toBe('kimi-k2-0905-preview');
    const result = await model.doGenerate({ prompt, maxOutputTokens: 1_000_000, temperature: 0.3 });
    expect(fixture.upstream.requests[0]!.body).toMatchObject({
      model: 'kimi-k2-0905-preview',
      max_tokens: 32_768,
      temperature: 0.3,
    });
    expect(fixture.upstream.requests[0]!.headers.authorization).toBe('Bearer sk-kimi');
    expect(result.warnings).toEqual([expect.objectContaining({ setting: 'maxOutputTokens' })]);
  });

  it('names the tool in tool results', async () => {
    await kimi()('kimi-k2').doGenerate({
      prompt: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'weather', input: '{}' }],
        },
        {
          role: 'tool',
          content: [{ type: 'tool-result', toolCallId: 'c1', toolName: 'weather', output: 'Sunny' }],
        },
      ],
    });
    const body = fixture.upstream.requests[0]!.body as { messages: unknown[] };
    expect(body.messages[2]).toEqual({ role: 'tool', tool_call_id: 'c1', name: 'weather', content: 'Sunny' });
  });

  it('maps the thinking model reasoning and warns that thinking cannot be turned off', async () => {
    fixture.upstream.enqueue({ reply: { reasoning: 'Step by step…', text: '42' } });
    const result = await kimi()('kimi-k2-thinking').doGenerate({ prompt, thinking: { enabled: false } });
    expect(result).toMatchObject({ text: '42', reasoning: 'Step by step…' });
    expect(result.warnings).toEqual([
      expect.objectContaining({ type: 'unsupported-setting', setting: 'thinking' }),
    ]);
    expect(fixture.upstream.requests[0]!.body).not.toHaveProperty('thinking');
  });

  describe('$web_search', () => {
    it('runs the builtin loop in doGenerate: the second request answers the search', async () => {
      fixture.upstream.enqueue(searchRound, answerRound);
      const result = await kimi()('kimi-k2').doGenerate({ prompt, webSearch: true });

      expect(result).toMatchObject({ text: 'It rained.', finishReason: 'stop', toolCalls: [] });
      expect(result.usage).toEqual({ inputTokens: 110, outputTokens: 7, totalTokens: 117 });
      const [first, second] = fixture.upstream.requests;
      expect(fixture.upstream.requests).toHaveLength(2);
      const builtinTool = { type: 'builtin_function', function: { name: '$web_search' } };
      expect(first!.body).toMatchObject({ tools: [builtinTool], messages: [{ role: 'user' }] });
      expect(second!.body).toMatchObject({
        tools: [builtinTool],
        messages: [
          { role: 'user', content: 'What happened in Paris today?' },
          {
            role: 'assistant',
            tool_calls: [
              {
                id: 'call_search',
                type: 'builtin_function',
                function: { name: '$web_search', arguments: searchArguments },
              },
            ],
          },
          { role: 'tool', tool_call_id: 'call_search', name: '$web_search', content: searchArguments },
        ],
      });
    });

    it('runs the loop against the fake builtin without scripts, keeping user tools', async () => {
      const result = await kimi()('kimi-k2').doGenerate({
        prompt,
        webSearch: true,
        tools: [{ type: 'function', name: 'note', inputSchema: { type: 'object' } }],
      });
      expect(result.text).toBe('Hello from the fake upstream.');
      expect(fixture.upstream.requests).toHaveLength(2);
      expect((fixture.upstream.requests[0]!.body as { tools: unknown[] }).tools).toEqual([
        { type: 'function', function: { name: 'note', parameters: { type: 'object' } } },
        { type: 'builtin_function', function: { name: '$web_search' } },
      ]);
    });

    it('streams the rounds as one answer, without the builtin tool call, usage summed', async () => {
      fixture.upstream.enqueue({ ...searchRound, splitChunks: true }, { ...answerRound, splitChunks: true });
      const { stream } = await kimi()('kimi-k2').doStream({ prompt, webSearch: true });
      const parts = await collectStream(stream);

      const types = parts.map((part) => part.type);
      expect(types.filter((type) => type === 'stream-start' || type === 'response-metadata')).toEqual([
        'stream-start',
        'response-metadata',
      ]);
      expect(types).not.toContain('tool-call');
      expect(types).not.toContain('error');
      const text = parts
        .filter(
          (part): part is Extract<LanguageModelV1StreamPart, { type: 'text-delta' }> =>
            part.type === 'text-delta',
        )
        .map((part) => part.delta)
        .join('');
      expect(text).toBe('It rained.');
      expect(parts.at(-1)).toEqual({
        type: 'finish',
        finishReason: 'stop',
        usage: { inputTokens: 110, outputTokens: 7, totalTokens: 117 },
      });
      expect(fixture.upstream.requests).toHaveLength(2);
      expect(fixture.upstream.requests[1]!.body).toMatchObject({
        stream: true,
        messages: [
          { role: 'user' },
          { role: 'assistant' },
          { role: 'tool', name: '$web_search', content: searchArguments },
        ],
      });
    });

    it('stops after the configured rounds with a warning', async () => {
      fixture.upstream.enqueue({ ...searchRound, times: 2 });
      const result = await kimi({ webSearchMaxRounds: 2 })('kimi-k2').doGenerate({ prompt, webSearch: true });
      expect(fixture.upstream.requests).toHaveLength(2);
      expect(result.finishReason).toBe('other');
      expect(result.toolCalls).toEqual([]);
      expect(result.warnings).toEqual([expect.objectContaining({ setting: 'webSearch' })]);
    });
  });

  describe('keys and base URL', () => {
    it('reads KIMI_API_KEY before MOONSHOT_API_KEY, at call time', async () => {
      const env: Record<string, string | undefined> = { MOONSHOT_API_KEY: 'sk-moonshot' };
      const model = kimi({ apiKey: undefined, env })('kimi-k2');
      await model.doGenerate({ prompt });
      env.KIMI_API_KEY = 'sk-kimi-env';
      await model.doGenerate({ prompt });
      expect(fixture.upstream.requests.map((request) => request.headers.authorization)).toEqual([
        'Bearer sk-moonshot',
        'Bearer sk-kimi-env',
      ]);
    });

    it('throws MissingApiKeyError naming both variables only when called', async () => {
      const provider = createKimi({ env: {}, transport: fixture.transport });
      const model = provider('kimi-k2');
      const error = await model.doGenerate({ prompt }).catch((caught: unknown) => caught);
      expect(MissingApiKeyError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        provider: 'kimi',
        environmentVariables: ['KIMI_API_KEY', 'MOONSHOT_API_KEY'],
      });
      expect((error as Error).message).toMatch(/KIMI_API_KEY or MOONSHOT_API_KEY.*`apiKey`/);
      await expect(provider.files().list()).rejects.toSatisfy(MissingApiKeyError.isInstance);
    });

    it('takes the base URL from KIMI_BASE_URL unless one is given', async () => {
      const env = { KIMI_BASE_URL: `${fixture.upstream.url}/from-env/v1`, KIMI_API_KEY: 'k' };
      await createKimi({ env, transport: fixture.transport })('kimi-k2').doGenerate({ prompt });
      await createKimi({ env, transport: fixture.transport, baseURL: `${fixture.upstream.url}/given/v1` })(
        'kimi-k2',
      ).doGenerate({ prompt });
      expect(fixture.upstream.requests.map((request) => request.path)).toEqual([
        '/from-env/v1/chat/completions',
        '/given/v1/chat/completions',
      ]);
    });
  });
});
