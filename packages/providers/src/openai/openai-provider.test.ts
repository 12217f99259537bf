import { describe, expect, it } from 'vitest';
import { useFakeUpstream } from '../test-helpers/use-fake-upstream.js';
import { createOpenAI } from './openai-provider.js';

const prompt = [{ role: 'user' as const, content: 'Hi' }];

describe('openai', () => {
  const fixture = useFakeUpstream();
  const openai = (env: Record<string, string | undefined> = {}) =>
    createOpenAI({ baseURL: fixture.baseURL, apiKey: 'sk-openai', transport: fixture.transport, env });

  it('maps thinking levels to reasoning_effort', async () => {
    for (const level of ['minimal', 'low', 'high', 'max'] as const) {
      await openai()('o3').doGenerate({ prompt, thinking: { enabled: true, level } });
    }
    const efforts = fixture.upstream.requests.map(
      (request) => (request.body as Record<string, unknown>).reasoning_effort,
    );
    expect(efforts).toEqual(['minimal', 'low', 'high', 'high']);
  });

  it('sends max_completion_tokens, and reasoning_effort without temperature to reasoning models', async () => {
    const reasoning = await openai()('o3').doGenerate({
      prompt,
      maxOutputTokens: 500,
      temperature: 0.7,
      thinking: { enabled: true },
    });
    const chat = await openai()('gpt-4.1').doGenerate({ prompt, maxOutputTokens: 500, temperature: 0.7 });

    const [first, second] = fixture.upstream.requests.map(
      (request) => request.body as Record<string, unknown>,
    );
    expect(first).toMatchObject({ model: 'o3', max_completion_tokens: 500, reasoning_effort: 'medium' });
    expect(first).not.toHaveProperty('max_tokens');
    expect(first).not.toHaveProperty('temperature');
    expect(reasoning.warnings).toEqual([expect.objectContaining({ setting: 'temperature' })]);
    expect(second).toMatchObject({ model: 'gpt-4.1', max_completion_tokens: 500, temperature: 0.7 });
    expect(second).not.toHaveProperty('reasoning_effort');
    expect(chat.warnings).toEqual([]);
    expect(fixture.upstream.requests[0]!.headers.authorization).toBe('Bearer sk-openai');
  });

  it('lets providerOptions.openai override the effort', async () => {
    await openai()('o3').doGenerate({
      prompt,
      thinking: { enabled: true },
      providerOptions: { openai: { reasoning_effort: 'high' } },
    });
    expect(fixture.upstream.requests[0]!.body).toMatchObject({ reasoning_effort: 'high' });
  });

  it('reads OPENAI_API_KEY and OPENAI_BASE_URL at call time', async () => {
    const env = { OPENAI_API_KEY: 'sk-env', OPENAI_BASE_URL: `${fixture.upstream.url}/proxy/v1` };
    await createOpenAI({ env, transport: fixture.transport })('gpt-4.1').doGenerate({ prompt });
    expect(fixture.upstream.requests[0]).toMatchObject({
      path: '/proxy/v1/chat/completions',
      headers: expect.objectContaining({ authorization: 'Bearer sk-env' }),
    });
  });
});
