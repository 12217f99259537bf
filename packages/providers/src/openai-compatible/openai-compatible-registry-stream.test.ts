import { createProviderRegistry } from '@exai/core';
import { describe, expect, it } from 'vitest';
import { collectStream, useFakeUpstream } from '../test-helpers/use-fake-upstream.js';
import { createOpenAICompatible } from './openai-compatible-provider.js';

const prompt = [{ role: 'user' as const, content: 'Hi' }];

describe('registry.stream over an OpenAI-compatible provider', () => {
  const fixture = useFakeUpstream({
    transport: { bulkhead: { maxConcurrent: 1, maxQueue: 0 }, retry: { maxRetries: 0 } },
  });
  const registry = () =>
    createProviderRegistry({
      providers: [
        createOpenAICompatible({
          name: 'acme',
          baseURL: fixture.baseURL,
          apiKey: 'sk-test',
          transport: fixture.transport,
        }),
      ],
    });

  it('closes the connection and frees the slot of a stream dropped before it is read', async () => {
    fixture.upstream.enqueue({ chunkDelayMs: 200, reply: { text: 'one two three four', chunks: 4 } });
    const first = await registry().stream('acme:acme-1', { prompt });
    const clientAbort = fixture.upstream.waitForClientAbort({ timeoutInMs: 5_000 });

    await first.stream[Symbol.asyncIterator]().return?.();

    await expect(clientAbort).resolves.toMatchObject({ clientAborted: true });
    expect(fixture.transport.status().bulkheads[0]).toMatchObject({ inFlight: 0 });
    const second = await registry().stream('acme:acme-1', { prompt });
    expect((await collectStream(second.stream)).at(-1)).toMatchObject({ type: 'finish' });
  });
});
