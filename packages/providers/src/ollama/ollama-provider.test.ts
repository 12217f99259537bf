import { describe, expect, it } from 'vitest';
import { useFakeUpstream } from '../test-helpers/use-fake-upstream.js';
import { createOllama } from './ollama-provider.js';

const prompt = [{ role: 'user' as const, content: 'Hi' }];

describe('ollama', () => {
  const fixture = useFakeUpstream();

  it('needs no key, passes any model id through and reads OLLAMA_BASE_URL at call time', async () => {
    const env: Record<string, string | undefined> = {};
    const ollama = createOllama({ env, transport: fixture.transport });
    expect(ollama.listModels()).toEqual([]);
    env.OLLAMA_BASE_URL = `${fixture.upstream.url}/v1`;
    const result = await ollama('qwen3:8b').doGenerate({ prompt });

    expect(result.text).toBe('Hello from the fake upstream.');
    const request = fixture.upstream.requests[0]!;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.body).toMatchObject({ model: 'qwen3:8b' });
    expect(request.headers).not.toHaveProperty('authorization');
  });
});
