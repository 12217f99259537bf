import { InvalidArgumentError, InvalidResponseError, MissingApiKeyError, type ModelInfo } from '@exai/core';
import { describe, expect, it } from 'vitest';
import { useFakeUpstream } from '../test-helpers/use-fake-upstream.js';
import { createOpenAICompatible } from './openai-compatible-provider.js';
import type { OpenAICompatibleProviderSettings } from './openai-compatible-settings.js';

const testModels: readonly ModelInfo[] = [
  {
    provider: 'acme',
    id: 'acme-large-2',
    aliases: ['acme-large'],
    contextWindow: 8_000,
    maxOutputTokens: 100,
    capabilities: { thinking: false, vision: true, tools: true },
    temperature: { min: 0, max: 1 },
  },
  {
    provider: 'acme',
    id: 'acme-reasoner',
    contextWindow: 8_000,
    maxOutputTokens: 1_000,
    capabilities: { thinking: true, vision: false, tools: true },
    temperature: { unsupported: true },
  },
  {
    provider: 'acme',
    id: 'acme-fixed',
    contextWindow: 8_000,
    maxOutputTokens: 1_000,
    capabilities: { thinking: true, vision: false, tools: true },
    temperature: { fixed: 1 },
  },
];

const png = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

describe('createOpenAICompatible', () => {
  const fixture = useFakeUpstream();
  const createAcme = (settings: Partial<OpenAICompatibleProviderSettings> = {}) =>
    createOpenAICompatible({
      name: 'acme',
      baseURL: fixture.baseURL,
      apiKey: 'sk-test',
      transport: fixture.transport,
      models: testModels,
      ...settings,
    });

  it('is a callable ProviderV1 that resolves catalogue aliases and passes unknown ids through', () => {
    const acme = createAcme();
    expect(acme.specificationVersion).toBe('v1');
    expect(acme.providerId).toBe('acme');
    expect(acme.listModels()).toBe(testModels);
    const model = acme('acme-large');
    expect(model).toMatchObject({ specificationVersion: 'v1', provider: 'acme', modelId: 'acme-large-2' });
    expect(acme.languageModel('something-new').modelId).toBe('something-new');
  });

  it('sends the conversation in the chat completions wire format', async () => {
    const acme = createAcme({ headers: { 'x-team': 'core' }, queryParams: { 'api-version': '2025-01' } });
    await acme('acme-large').doGenerate({
      prompt: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in these?' },
            { type: 'image', image: 'https://example.com/cat.png' },
            { type: 'image', image: png, mediaType: 'image/png' },
            { type: 'image', image: png },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'Let me look it up.' },
            { type: 'text', text: 'Checking.' },
            { type: 'tool-call', toolCallId: 'call_1', toolName: 'lookup', input: '{"q":"cat"}' },
          ],
        },
        {
          role: 'tool',
          content: [{ type: 'tool-result', toolCallId: 'call_1', toolName: 'lookup', output: 'A cat.' }],
        },
      ],
      maxOutputTokens: 50,
      temperature: 0.5,
      topP: 0.9,
      stopSequences: ['END'],
      seed: 7,
      tools: [
        {
          type: 'function',
          name: 'lookup',
          description: 'Looks things up.',
          inputSchema: { type: 'object', properties: { q: { type: 'string' } } },
        },
      ],
      toolChoice: { type: 'tool', toolName: 'lookup' },
      headers: { 'x-call': 'one' },
    });

    const request = fixture.upstream.requests[0]!;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.query).toEqual({ 'api-version': '2025-01' });
    expect(request.headers).toMatchObject({
      authorization: 'Bearer sk-test',
      'content-type': 'application/json',
      'x-team': 'core',
      'x-call': 'one',
    });
    const dataUrl = `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
    expect(request.body).toEqual({
      model: 'acme-large-2',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in these?' },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
            { type: 'image_url', image_url: { url: dataUrl } },
            { type: 'image_url', image_url: { url: dataUrl } },
          ],
        },
        {
          role: 'assistant',
          content: 'Checking.',
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"cat"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'A cat.' },
      ],
      max_tokens: 50,
      temperature: 0.5,
      top_p: 0.9,
      stop: ['END'],
      seed: 7,
      tools: [
        {
          type: 'function',
          function: {
            name: 'lookup',
            description: 'Looks things up.',
            parameters: { type: 'object', properties: { q: { type: 'string' } } },
          },
        },
      ],
      tool_choice: { type: 'function', function: { name: 'lookup' } },
    });
  });

  it('caps max_tokens and clamps temperature to the catalogue, with warnings', async () => {
    const result = await createAcme()('acme-large').doGenerate({
      prompt: [{ role: 'user', content: 'Hi' }],
      maxOutputTokens: 5_000,
      temperature: 1.7,
    });
    expect(fixture.upstream.requests[0]!.body).toMatchObject({ max_tokens: 100, temperature: 1 });
    expect(result.warnings).toEqual([
      expect.objectContaining({ type: 'other', setting: 'maxOutputTokens' }),
      expect.objectContaining({ type: 'other', setting: 'temperature' }),
    ]);
  });

  it('omits temperature for models that reject it, and pins fixed temperatures, with warnings', async () => {
    const acme = createAcme();
    const omitted = await acme('acme-reasoner').doGenerate({
      prompt: [{ role: 'user', content: 'Hi' }],
      temperature: 0.2,
    });
    const pinned = await acme('acme-fixed').doGenerate({
      prompt: [{ role: 'user', content: 'Hi' }],
      temperature: 0.2,
    });

    expect(fixture.upstream.requests[0]!.body).not.toHaveProperty('temperature');
    expect(omitted.warnings).toEqual([
      expect.objectContaining({ type: 'unsupported-setting', setting: 'temperature' }),
    ]);
    expect(fixture.upstream.requests[1]!.body).toMatchObject({ temperature: 1 });
    expect(pinned.warnings).toEqual([expect.objectContaining({ setting: 'temperature' })]);
  });

  it('warns about thinking and web search the model or provider cannot do', async () => {
    const result = await createAcme()('acme-large').doGenerate({
      prompt: [{ role: 'user', content: 'Hi' }],
      thinking: { enabled: true },
      webSearch: true,
    });
    expect(result.warnings.map((warning) => warning.setting).sort()).toEqual(['thinking', 'webSearch']);
    expect(fixture.upstream.requests[0]!.body).not.toHaveProperty('tools');
  });

  it('merges providerOptions for this provider only, after the transform', async () => {
    const acme = createAcme({
      transformRequestBody: (body) => ({ ...body, transformed: true, user: 'from-transform' }),
    });
    await acme('x').doGenerate({
      prompt: [{ role: 'user', content: 'Hi' }],
      providerOptions: { acme: { user: 'u-1', logprobs: true }, other: { ignored: true } },
    });
    const body = fixture.upstream.requests[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({ transformed: true, user: 'u-1', logprobs: true });
    expect(body).not.toHaveProperty('ignored');
  });

  it('maps a JSON answer: text, reasoning, tool calls, finish reason, usage and metadata', async () => {
    fixture.upstream.enqueue({
      headers: { 'x-request-id': 'req-9' },
      reply: {
        text: 'Here you go.',
        reasoning: 'They want a lookup.',
        toolCalls: [{ id: 'call_7', name: 'lookup', arguments: '{"q":"cat"}' }],
        finishReason: 'tool_calls',
        usage: { prompt_tokens: 12, completion_tokens: 8 },
        model: 'acme-large-2-20250101',
      },
    });
    const result = await createAcme()('acme-large').doGenerate({ prompt: [{ role: 'user', content: 'Hi' }] });

    expect(result).toMatchObject({
      text: 'Here you go.',
      reasoning: 'They want a lookup.',
      toolCalls: [{ toolCallId: 'call_7', toolName: 'lookup', input: '{"q":"cat"}' }],
      finishReason: 'tool-calls',
      usage: { inputTokens: 12, outputTokens: 8, totalTokens: 20 },
      warnings: [],
      response: {
        modelId: 'acme-large-2-20250101',
        headers: expect.objectContaining({ 'x-request-id': 'req-9' }),
      },
      request: { body: expect.objectContaining({ model: 'acme-large-2' }) },
    });
    expect(result.response.id).toMatch(/^chatcmpl-fake-/);
    expect(result.response.timestamp).toBeInstanceOf(Date);
  });

  it('reads reasoning, cached and reasoning token counts in their provider-specific places', async () => {
    fixture.upstream.enqueue(
      {
        body: {
          id: 'r1',
          model: 'm',
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: 'A', reasoning: 'R' },
              finish_reason: 'length',
            },
          ],
          usage: {
            prompt_tokens: 10,
            completion_tokens: 5,
            total_tokens: 15,
            completion_tokens_details: { reasoning_tokens: 3 },
            prompt_tokens_details: { cached_tokens: 4 },
          },
        },
      },
      {
        body: {
          choices: [
            { index: 0, message: { role: 'assistant', content: 'B' }, finish_reason: 'content_filter' },
          ],
          usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, cached_tokens: 6 },
        },
      },
    );
    const model = createAcme()('m');
    const first = await model.doGenerate({ prompt: [{ role: 'user', content: 'Hi' }] });
    const second = await model.doGenerate({ prompt: [{ role: 'user', content: 'Hi' }] });

    expect(first).toMatchObject({ text: 'A', reasoning: 'R', finishReason: 'length' });
    expect(first.usage).toEqual({
      inputTokens: 10,
      outputTokens: 5,
      totalTokens: 15,
      reasoningTokens: 3,
      cachedInputTokens: 4,
    });
    expect(second).toMatchObject({ text: 'B', reasoning: undefined, finishReason: 'content-filter' });
    expect(second.usage).toEqual({ inputTokens: 10, outputTokens: 5, totalTokens: 15, cachedInputTokens: 6 });
  });

  it('rejects malformed JSON with an InvalidResponseError carrying an excerpt', async () => {
    fixture.upstream.enqueue({ fault: 'malformed-json' });
    const error = await createAcme()('m')
      .doGenerate({ prompt: [{ role: 'user', content: 'Hi' }] })
      .catch((caught: unknown) => caught);
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect((error as InvalidResponseError).excerpt).toContain('<broken');
  });

  it('rejects a 200 answer with no choices as an InvalidResponseError', async () => {
    fixture.upstream.enqueue({ body: { error: { message: 'quota exceeded' } } });
    await expect(createAcme()('m').doGenerate({ prompt: [{ role: 'user', content: 'Hi' }] })).rejects.toThrow(
      /quota exceeded/,
    );
  });

  it('refuses image bytes of an unknown format without a media type, before sending', async () => {
    const error = await createAcme()('m')
      .doGenerate({ prompt: [{ role: 'user', content: [{ type: 'image', image: Uint8Array.of(1, 2, 3) }] }] })
      .catch((caught: unknown) => caught);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(fixture.upstream.requests).toHaveLength(0);
  });

  describe('API keys and endpoints', () => {
    it('reads the key at call time, first variable wins, and names option and variables when missing', async () => {
      const env: Record<string, string | undefined> = {};
      const acme = createAcme({
        apiKey: undefined,
        apiKeyEnvironmentVariables: ['ACME_API_KEY', 'ACME_KEY'],
        env,
      });
      const model = acme('m'); // building a provider and a model needs no key

      const error = await model
        .doGenerate({ prompt: [{ role: 'user', content: 'Hi' }] })
        .catch((caught: unknown) => caught);
      expect(MissingApiKeyError.isInstance(error)).toBe(true);
      expect((error as MissingApiKeyError).message).toContain('ACME_API_KEY or ACME_KEY');
      expect((error as MissingApiKeyError).message).toContain('`apiKey`');
      await expect(model.doStream({ prompt: [{ role: 'user', content: 'Hi' }] })).rejects.toSatisfy(
        MissingApiKeyError.isInstance,
      );
      expect(fixture.upstream.requests).toHaveLength(0);

      env.ACME_KEY = 'second';
      await model.doGenerate({ prompt: [{ role: 'user', content: 'Hi' }] });
      env.ACME_API_KEY = 'first';
      await model.doGenerate({ prompt: [{ role: 'user', content: 'Hi' }] });
      expect(fixture.upstream.requests.map((request) => request.headers.authorization)).toEqual([
        'Bearer second',
        'Bearer first',
      ]);
    });

    it('sends no Authorization header when a key is optional and absent', async () => {
      const acme = createAcme({ apiKey: undefined, requiresApiKey: false, env: {} });
      await acme('m').doGenerate({ prompt: [{ role: 'user', content: 'Hi' }] });
      expect(fixture.upstream.requests[0]!.headers).not.toHaveProperty('authorization');
    });

    it('lets an environment variable replace the base URL at call time', async () => {
      const env: Record<string, string | undefined> = {};
      const acme = createAcme({
        baseURL: 'http://127.0.0.1:9/unused',
        baseURLEnvironmentVariable: 'ACME_BASE_URL',
        env,
      });
      env.ACME_BASE_URL = `${fixture.upstream.url}/custom/v2/`;
      await acme('m').doGenerate({ prompt: [{ role: 'user', content: 'Hi' }] });
      expect(fixture.upstream.requests[0]!.path).toBe('/custom/v2/chat/completions');
    });
  });
});
