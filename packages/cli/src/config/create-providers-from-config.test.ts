import {
  createHttpTransport,
  createProviderRegistry,
  MissingApiKeyError,
  type HttpTransport,
} from '@exai/core';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProvidersFromConfig } from './create-providers-from-config.js';
import { parseExaiConfig } from './load-exai-config.js';
import { transportSettingsFromConfig } from './transport-settings-from-config.js';

/** A fake upstream and a transport with fast retries, fresh for each test. */
const fixture = {} as { upstream: FakeUpstream; transport: HttpTransport; baseURL: string };
let second: FakeUpstream;
beforeEach(async () => {
  fixture.upstream = await createFakeUpstream();
  fixture.transport = createHttpTransport({ retry: { baseDelayInMs: 1, maxDelayInMs: 5 } });
  fixture.baseURL = `${fixture.upstream.url}/v1`;
  second = await createFakeUpstream();
});
afterEach(async () => {
  await fixture.transport.close();
  await fixture.upstream.close();
  await second.close();
});

describe('createProvidersFromConfig', () => {
  it('builds every builtin provider by default, keys read from the environment', () => {
    const { providers, statuses } = createProvidersFromConfig(parseExaiConfig({}, 'test'), {
      env: { MOONSHOT_API_KEY: 'k' },
    });
    expect(providers.map((p) => p.providerId)).toEqual(['kimi', 'glm', 'openai', 'openrouter', 'ollama']);
    expect(statuses.find((s) => s.id === 'kimi')).toMatchObject({
      apiKey: 'set',
      apiKeySource: 'MOONSHOT_API_KEY',
      baseURL: 'https://api.moonshot.ai/v1',
    });
    expect(statuses.find((s) => s.id === 'glm')).toMatchObject({
      apiKey: 'missing',
      apiKeyEnvironmentVariables: ['GLM_API_KEY', 'ZHIPUAI_API_KEY'],
    });
    expect(statuses.find((s) => s.id === 'ollama')?.apiKey).toBe('not-required');
  });

  it('serves several named custom endpoints at once, each with its own key variable', async () => {
    const config = parseExaiConfig(
      {
        providers: { openai: { enabled: false }, openrouter: { enabled: false } },
        endpoints: {
          'team-vllm': {
            baseURL: fixture.baseURL,
            apiKeyEnv: 'TEAM_KEY',
            models: [{ id: 'qwen-coder', aliases: ['qwen'], contextWindow: 65_536 }],
          },
          'lm-studio': {
            baseURL: `${second.url}/v1`,
            requiresApiKey: false,
            models: [{ id: 'local-model' }],
          },
        },
      },
      'test',
    );
    const { providers, statuses } = createProvidersFromConfig(config, {
      transport: fixture.transport,
      env: { TEAM_KEY: 'team-secret' },
    });
    expect(providers.map((p) => p.providerId)).toEqual(['kimi', 'glm', 'ollama', 'team-vllm', 'lm-studio']);
    expect(statuses.find((s) => s.id === 'team-vllm')).toMatchObject({
      apiKey: 'set',
      apiKeySource: 'TEAM_KEY',
    });

    const registry = createProviderRegistry({ providers });
    const [first, other] = await Promise.all([
      registry.generate('qwen', { prompt: [{ role: 'user', content: 'one' }] }),
      registry.generate('lm-studio:local-model', { prompt: [{ role: 'user', content: 'two' }] }),
    ]);
    expect(first.answeredBy.spec).toBe('team-vllm:qwen-coder');
    expect(other.answeredBy.spec).toBe('lm-studio:local-model');
    expect(fixture.upstream.requests[0]?.headers.authorization).toBe('Bearer team-secret');
    expect(fixture.upstream.requests[0]?.body).toMatchObject({ model: 'qwen-coder' });
    expect(second.requests[0]?.headers.authorization).toBeUndefined();
    expect(registry.resolve('qwen').info?.contextWindow).toBe(65_536);
  });

  it('reads a builtin key from the variable the config names, at call time', async () => {
    const env: Record<string, string | undefined> = {};
    const config = parseExaiConfig(
      { providers: { glm: { baseURL: fixture.baseURL, apiKeyEnv: 'MY_GLM' } } },
      'x',
    );
    const { providers } = createProvidersFromConfig(config, { transport: fixture.transport, env });
    const glm = providers.find((p) => p.providerId === 'glm')!;
    const call = () => glm.languageModel('glm-4.6').doGenerate({ prompt: [{ role: 'user', content: 'hi' }] });
    const error = await call().catch((e: unknown) => e);
    expect(MissingApiKeyError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('MY_GLM');
    env.MY_GLM = 'late-key';
    await call();
    expect(fixture.upstream.requests.at(-1)?.headers.authorization).toBe('Bearer late-key');
  });

  it('never shows credentials embedded in a base URL', () => {
    const config = parseExaiConfig(
      {
        endpoints: { gw: { baseURL: 'https://bob:hunter2secret@gateway.example/v1', requiresApiKey: false } },
      },
      'x',
    );
    const status = createProvidersFromConfig(config, { env: {} }).statuses.find((s) => s.id === 'gw');
    expect(status?.baseURL).toBe('https://gateway.example/v1');
  });

  it('lays configured models over the builtin catalogue', () => {
    const config = parseExaiConfig(
      {
        providers: {
          kimi: { models: [{ id: 'kimi-k2-0905-preview', contextWindow: 1000, maxOutputTokens: 10 }] },
        },
      },
      'x',
    );
    const kimi = createProvidersFromConfig(config, { env: {} }).providers[0]!;
    const models = kimi.listModels();
    expect(models.find((m) => m.id === 'kimi-k2-0905-preview')?.contextWindow).toBe(1000);
    expect(models.some((m) => m.id === 'kimi-k2-thinking')).toBe(true);
  });
});

describe('transportSettingsFromConfig', () => {
  it('turns per-provider limits into bulkheads and keeps the transport section', () => {
    const config = parseExaiConfig(
      {
        providers: { kimi: { maxConcurrent: 4, maxQueue: 0 } },
        endpoints: { local: { baseURL: 'http://127.0.0.1:1/v1', requiresApiKey: false, maxConcurrent: 1 } },
        transport: { retry: { maxRetries: 5 } },
      },
      'x',
    );
    expect(transportSettingsFromConfig(config)).toEqual({
      retry: { maxRetries: 5 },
      bulkheadByProvider: { kimi: { maxConcurrent: 4, maxQueue: 0 }, local: { maxConcurrent: 1 } },
      allowLinkLocalAddresses: false,
    });
  });

  it('refuses link-local addresses unless the file or EXAI_ALLOW_LINK_LOCAL_ADDRESSES allows them', () => {
    const plain = parseExaiConfig({}, 'x');
    expect(transportSettingsFromConfig(plain, {}).allowLinkLocalAddresses).toBe(false);
    expect(
      transportSettingsFromConfig(plain, { EXAI_ALLOW_LINK_LOCAL_ADDRESSES: '1' }).allowLinkLocalAddresses,
    ).toBe(true);
    const allowed = parseExaiConfig({ transport: { allowLinkLocalAddresses: true } }, 'x');
    expect(transportSettingsFromConfig(allowed, {}).allowLinkLocalAddresses).toBe(true);
    const refused = parseExaiConfig({ transport: { allowLinkLocalAddresses: false } }, 'x');
    expect(
      transportSettingsFromConfig(refused, { EXAI_ALLOW_LINK_LOCAL_ADDRESSES: '1' }).allowLinkLocalAddresses,
    ).toBe(false);
  });
});
