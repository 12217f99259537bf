import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidResponseError, NetworkError, StreamError, type LanguageModelV1StreamPart } from '@exai/core';
import { describe, expect, it } from 'vitest';
import { collectStream, useFakeUpstream } from '../test-helpers/use-fake-upstream.js';
import { createOpenAICompatible } from './openai-compatible-provider.js';
import type { OpenAICompatibleProviderSettings } from './openai-compatible-settings.js';

// A GLM-style key, `<id>.<secret>`: no key pattern recognises it, only the request knows it.
const apiKey = '4f1e2d3c4b5a69788796a5b4c3d2e1f0.AbCdEfGhIjKlMnOp';
const queryKey = 'q9r8s7t6u5v4w3x2';
const prompt = [{ role: 'user' as const, content: 'Hi' }];

function expectNoSecrets(...texts: Array<string | undefined>): void {
  for (const text of texts) {
    expect(text).toBeDefined();
    expect(text).not.toContain(apiKey);
    expect(text).not.toContain('AbCdEfGhIjKlMnOp');
    expect(text).not.toContain(queryKey);
    expect(text).not.toContain('hunter2-password');
  }
}

const lastError = (parts: LanguageModelV1StreamPart[]): unknown => {
  const last = parts.at(-1);
  expect(last?.type).toBe('error');
  return (last as Extract<LanguageModelV1StreamPart, { type: 'error' }>).error;
};

describe('credentials the upstream echoes never reach error messages', () => {
  const fixture = useFakeUpstream({ transport: { retry: { maxRetries: 0 } } });
  const model = (settings: Partial<OpenAICompatibleProviderSettings> = {}) =>
    createOpenAICompatible({
      name: 'glm-like',
      baseURL: fixture.baseURL,
      apiKey,
      queryParams: { 'api-key': queryKey },
      transport: fixture.transport,
      ...settings,
    })('glm-4.6');
  const echo = `Invalid API key ${apiKey} (query api-key ${queryKey})`;

  it('redacts an error object in a 200 answer to doGenerate', async () => {
    fixture.upstream.enqueue({ body: { error: { message: echo, type: 'authentication_error' } } });
    const error = await model()
      .doGenerate({ prompt })
      .catch((caught: unknown) => caught);
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    const { message, url, excerpt } = error as InvalidResponseError;
    expect(message).toContain('Invalid API key [REDACTED]');
    expect(url).toContain('api-key=[REDACTED]');
    expectNoSecrets(message, url, excerpt);
  });

  it('redacts a malformed JSON answer quoted in the excerpt', async () => {
    fixture.upstream.enqueue({ body: `{"echo": "${apiKey}", oops` });
    const error = await model()
      .doGenerate({ prompt })
      .catch((caught: unknown) => caught);
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    const { message, url, excerpt } = error as InvalidResponseError;
    expectNoSecrets(message, url, excerpt);
  });

  it('redacts an error event in a stream, its message, URL and cause', async () => {
    const delta = JSON.stringify({ choices: [{ index: 0, delta: { content: 'Hel' } }] });
    fixture.upstream.enqueue({
      body: `data: ${delta}\n\ndata: ${JSON.stringify({ error: { message: echo } })}\n\n`,
    });
    const error = lastError(await collectStream((await model().doStream({ prompt })).stream));
    expect(StreamError.isInstance(error)).toBe(true);
    const { message, url, cause } = error as StreamError;
    expect(message).toContain('Invalid API key [REDACTED]');
    expectNoSecrets(message, url, JSON.stringify(cause));
  });

  it('redacts the text JSON.parse quotes when an event is malformed', async () => {
    const shortKey = 'zq8xw7vu6'; // short enough for V8 to quote it whole in its parse error
    fixture.upstream.enqueue({ body: `data: ${shortKey}\n\n` });
    const { stream } = await model({ apiKey: shortKey }).doStream({ prompt });
    const error = lastError(await collectStream(stream));
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    const { message, excerpt, cause } = error as InvalidResponseError;
    expect(message).toMatch(/not valid JSON/);
    for (const text of [message, excerpt, String(cause)]) expect(text).not.toContain(shortKey);
  });

  it('keeps the userinfo of the base URL out of network errors', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const baseURL = `http://alice:hunter2-password@127.0.0.1:${port}/v1`;
    for (const call of [
      () => model({ baseURL }).doGenerate({ prompt }),
      () => model({ baseURL }).doStream({ prompt }),
    ]) {
      const error = await call().catch((caught: unknown) => caught);
      expect(NetworkError.isInstance(error)).toBe(true);
      const { message, url } = error as NetworkError;
      expect(message).toContain(`127.0.0.1:${port}`);
      expectNoSecrets(message, url);
    }
  });
});
