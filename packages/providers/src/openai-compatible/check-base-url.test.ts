import { InvalidConfigError } from '@exai/core';
import { describe, expect, it } from 'vitest';
import { createKimi } from '../kimi/kimi-provider.js';
import { createOpenAI } from '../openai/openai-provider.js';
import { createOpenAICompatible } from './openai-compatible-provider.js';
import { describeBadBaseURL } from './check-base-url.js';

const prompt = [{ role: 'user' as const, content: 'Hi' }];

async function failure(call: () => Promise<unknown>): Promise<InvalidConfigError> {
  const error = await call().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!InvalidConfigError.isInstance(error)) throw new Error(`expected invalid_config, got ${String(error)}`);
  return error;
}

describe('a base URL without a scheme', () => {
  it('names the environment variable, its value and the fix, before any request', async () => {
    const kimi = createKimi({ env: { KIMI_API_KEY: 'k', KIMI_BASE_URL: 'localhost:1234/v1' } });
    const error = await failure(() => kimi('kimi-k2').doGenerate({ prompt }));
    expect(error.code).toBe('invalid_config');
    expect(error.message).toContain('KIMI_BASE_URL is "localhost:1234/v1", which has no scheme');
    expect(error.message).toContain('http://localhost:1234/v1');
    const openai = createOpenAI({ env: { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'api.openai.com/v1' } });
    const streamed = await failure(() => openai('gpt-4o').doStream({ prompt }));
    expect(streamed.message).toContain('OPENAI_BASE_URL is "api.openai.com/v1"');
    expect(streamed.message).toContain('https://api.openai.com/v1');
  });

  it('names the setting of a custom endpoint, and covers Kimi file uploads', async () => {
    const acme = createOpenAICompatible({ name: 'acme', baseURL: 'ftp://acme.local/v1', apiKey: 'k' });
    const error = await failure(() => acme('acme-1').doGenerate({ prompt }));
    expect(error.message).toContain('the baseURL of acme is "ftp://acme.local/v1", which uses ftp');
    const kimi = createKimi({ env: { KIMI_API_KEY: 'k', KIMI_BASE_URL: 'api.moonshot.ai/v1' } });
    const upload = await failure(() => kimi.files().list());
    expect(upload.message).toContain('KIMI_BASE_URL');
  });

  it('accepts http and https URLs', () => {
    expect(describeBadBaseURL('http://127.0.0.1:11434/v1')).toBeUndefined();
    expect(describeBadBaseURL('https://api.moonshot.ai/v1')).toBeUndefined();
    expect(describeBadBaseURL('http//x')).toContain('no scheme');
    expect(describeBadBaseURL('https://')).toContain('not a valid URL');
  });
});
