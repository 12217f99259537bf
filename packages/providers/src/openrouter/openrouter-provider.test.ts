import { MissingApiKeyError } from '@exai/core';
import { describe, expect, it } from 'vitest';
import { collectStream, useFakeUpstream } from '../test-helpers/use-fake-upstream.js';
import { createOpenRouter } from './openrouter-provider.js';

const prompt = [{ role: 'user' as const, content: 'Hi' }];

describe('openrouter', () => {
  const fixture = useFakeUpstream();

  it('sends the app headers and the bearer key, and streams with usage', async () => {
    const openrouter = createOpenRouter({
      baseURL: fixture.baseURL,
      apiKey: 'sk-or',
      appName: 'exai',
      appUrl: 'https://example.com/exai',
      transport: fixture.transport,
    });
    await collectStream((await openrouter('moonshotai/kimi-k2').doStream({ prompt })).stream);
    const request = fixture.upstream.requests[0]!;
    expect(request.headers).toMatchObject({
      authorization: 'Bearer sk-or',
      'x-title': 'exai',
      'http-referer': 'https://example.com/exai',
    });
    expect(request.body).toMatchObject({
      model: 'moonshotai/kimi-k2',
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('reads OPENROUTER_API_KEY lazily and names it when missing', async () => {
    const env: Record<string, string | undefined> = {};
    const model = createOpenRouter({ baseURL: fixture.baseURL, env, transport: fixture.transport })('x/y');
    await expect(model.doGenerate({ prompt })).rejects.toSatisfy(
      (error: unknown) =>
        MissingApiKeyError.isInstance(error) && error.message.includes('OPENROUTER_API_KEY'),
    );
    env.OPENROUTER_API_KEY = 'sk-or-env';
    await model.doGenerate({ prompt });
    expect(fixture.upstream.requests[0]!.headers.authorization).toBe('Bearer sk-or-env');
    expect(fixture.upstream.requests[0]!.headers).not.toHaveProperty('x-title');
  });
});
