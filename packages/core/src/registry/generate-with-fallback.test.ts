import { describe, expect, it } from 'vitest';
import { builtinModels } from '../model-catalogue/builtin-catalogue.js';
import { AbortedError } from '../errors/aborted-error.js';
import { AllModelsFailedError } from '../errors/all-models-failed-error.js';
import { ApiCallError } from '../errors/api-call-error.js';
import { CircuitOpenError } from '../errors/circuit-open-error.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { InvalidResponseError } from '../errors/invalid-response-error.js';
import { MissingApiKeyError } from '../errors/missing-api-key-error.js';
import { NetworkError } from '../errors/network-error.js';
import { OverCapacityError } from '../errors/over-capacity-error.js';
import { StreamError } from '../errors/stream-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import type { LanguageModelV1CallOptions } from '../language-model/v1/language-model-v1-call-options.js';
import { createProviderRegistry } from './create-provider-registry.js';
import type { ProviderRegistryOptions } from './provider-registry.js';
import { answerText, createFakeWorld } from './registry-test-fakes.js';

const KIMI = 'kimi:kimi-k2-0905-preview';
const GLM = 'glm:glm-4.6';
const OPENAI = 'openai:gpt-4.1';

const call: LanguageModelV1CallOptions = { prompt: [{ role: 'user', content: 'Review this diff.' }] };

function setup(options: Partial<ProviderRegistryOptions> = {}) {
  const world = createFakeWorld();
  const registry = createProviderRegistry({
    providers: ['kimi', 'glm', 'openai', 'openrouter'].map((id) => world.provider(id, builtinModels(id))),
    fallbacks: { 'kimi-k2': [GLM, OPENAI] },
    ...options,
  });
  return { world, registry };
}

const url = 'https://api.moonshot.ai/v1/chat/completions';
const api = (statusCode: number, isRetryable?: boolean) =>
  new ApiCallError({
    message: `HTTP ${statusCode}`,
    url,
    statusCode,
    ...(isRetryable !== undefined && { isRetryable }),
  });

const triggering: Array<[string, unknown]> = [
  ['timeout', new TimeoutError({ phase: 'first-byte', timeoutInMs: 30_000, url })],
  ['timeout', new TimeoutError({ phase: 'total', timeoutInMs: 600_000 })],
  ['circuit_open', new CircuitOpenError({ target: KIMI, retryAfterInMs: 30_000 })],
  [
    'over_capacity',
    new OverCapacityError({ provider: 'kimi', maxConcurrent: 4, maxQueue: 8, retryAfterInMs: 1_000 }),
  ],
  ['invalid_response', new InvalidResponseError({ message: 'Unexpected token < in JSON' })],
  [
    'missing_api_key',
    new MissingApiKeyError({ provider: 'kimi', option: 'apiKey', environmentVariables: ['KIMI_API_KEY'] }),
  ],
  ['stream_error', new StreamError({ message: 'The stream ended early.', reason: 'truncated' })],
  ['network_error', new NetworkError({ message: 'ECONNRESET', systemCode: 'ECONNRESET' })],
  ['authentication_failed', api(401)],
  ['rate_limited', api(429)],
  ['rate_limited', api(429, false)],
  ['upstream_unavailable', api(503)],
  ['upstream_timeout', api(408)],
  ['not_found', api(404)],
];

describe('registry.chain', () => {
  it('lists the model then its fallbacks, under its spec, alias, or canonical id', () => {
    const { registry } = setup();
    for (const spec of ['kimi-k2', 'kimi:kimi-k2', KIMI, 'kimi-k2-0905-preview']) {
      expect(
        registry.chain(spec).map((model) => model.spec),
        spec,
      ).toEqual([KIMI, GLM, OPENAI]);
    }
  });

  it('uses `*` for models without a chain of their own, and not on top of one', () => {
    const { registry } = setup({ fallbacks: { 'kimi-k2': [GLM], '*': ['openai:gpt-4o'] } });
    expect(registry.chain('glm-4.5').map((model) => model.spec)).toEqual(['glm:glm-4.5', 'openai:gpt-4o']);
    expect(registry.chain('kimi-k2').map((model) => model.spec)).toEqual([KIMI, GLM]);
  });

  it('drops duplicates, denied models and models missing a requirement', () => {
    const { registry } = setup({
      fallbacks: {
        'kimi-latest': [KIMI, 'kimi:kimi-latest', GLM, 'glm-4.5v', 'glm:glm-4.5v', 'openai:gpt-4o'],
      },
      deny: ['openai:*'],
    });
    expect(registry.chain('kimi-latest').map((model) => model.spec)).toEqual([
      'kimi:kimi-latest',
      KIMI,
      GLM,
      'glm:glm-4.5v',
    ]);
    expect(registry.chain('kimi-latest', { vision: true }).map((model) => model.spec)).toEqual([
      'kimi:kimi-latest',
      'glm:glm-4.5v',
    ]);
  });

  it('follows `auto` with the best model of each other usable provider, unless `auto` has a chain', () => {
    const { registry } = setup({ fallbacks: { '*': ['kimi:moonshot-v1-8k'] } });
    expect(registry.chain('auto', { task: 'deep' }).map((model) => model.spec)).toEqual([
      'openai:gpt-5',
      'openrouter:openai/gpt-5',
      'kimi:kimi-k2-thinking',
      'glm:glm-4.6',
      'kimi:moonshot-v1-8k',
    ]);
    const configured = setup({ fallbacks: { auto: [GLM] } }).registry;
    expect(configured.chain('auto').map((model) => model.spec)).toEqual(['openai:gpt-5', GLM]);
  });

  it('keeps fallbacks that do not resolve out of chain() (generate records them)', () => {
    const { registry } = setup({ fallbacks: { 'kimi-k2': ['anthropic:claude-opus', GLM] } });
    expect(registry.chain('kimi-k2').map((model) => model.spec)).toEqual([KIMI, GLM]);
  });
});

describe('registry.generate', () => {
  it('answers with the first model when it succeeds', async () => {
    const { registry, world } = setup();
    const result = await registry.generate('kimi-k2', call);
    expect(result.text).toBe(answerText(KIMI));
    expect(result.answeredBy.spec).toBe(KIMI);
    expect(result.fallbacks).toEqual([]);
    expect(world.calls.map((c) => c.spec)).toEqual([KIMI]);
    expect(world.calls[0]?.options).toBe(call);
  });

  it.each(triggering)('falls back on %s and records the attempt', async (code, error) => {
    const { registry, world } = setup();
    world.behave(KIMI, { type: 'fail', error });
    const result = await registry.generate('kimi-k2', call);
    expect(result.text).toBe(answerText(GLM));
    expect(result.answeredBy.spec).toBe(GLM);
    expect(result.answeredBy.info?.id).toBe('glm-4.6');
    expect(result.fallbacks).toEqual([{ model: KIMI, code, message: (error as Error).message }]);
    expect(world.calls.map((c) => [c.spec, c.options])).toEqual([
      [KIMI, call],
      [GLM, call],
    ]);
  });

  it.each<[string, unknown]>([
    ['bad_request', api(400)],
    ['aborted', new AbortedError()],
    ['invalid_argument', new InvalidArgumentError({ argument: 'temperature', message: 'too hot' })],
    ['a plain Error', new TypeError('a bug')],
  ])('does not fall back on %s', async (_code, error) => {
    const { registry, world } = setup();
    world.behave(KIMI, { type: 'fail', error });
    await expect(registry.generate('kimi-k2', call)).rejects.toBe(error);
    expect(world.calls.map((c) => c.spec)).toEqual([KIMI]);
  });

  it('skips a fallback without a key and goes on', async () => {
    const { registry, world } = setup();
    world.behave(KIMI, { type: 'fail', error: api(503) });
    const missingKey = new MissingApiKeyError({
      provider: 'glm',
      option: 'apiKey',
      environmentVariables: ['GLM_API_KEY'],
    });
    world.behave(GLM, { type: 'fail', error: missingKey });
    const result = await registry.generate('kimi-k2', call);
    expect(result.answeredBy.spec).toBe(OPENAI);
    expect(result.fallbacks.map((attempt) => [attempt.model, attempt.code])).toEqual([
      [KIMI, 'upstream_unavailable'],
      [GLM, 'missing_api_key'],
    ]);
  });

  it('stops at a client error from a fallback, without trying further', async () => {
    const { registry, world } = setup();
    world.behave(KIMI, { type: 'fail', error: api(503) });
    const badRequest = api(400);
    world.behave(GLM, { type: 'fail', error: badRequest });
    await expect(registry.generate('kimi-k2', call)).rejects.toBe(badRequest);
    expect(world.calls.map((c) => c.spec)).toEqual([KIMI, GLM]);
  });

  it('throws AllModelsFailedError listing every attempt when the whole chain fails', async () => {
    const { registry, world } = setup({ fallbacks: { 'kimi-k2': ['anthropic:claude-opus', GLM, OPENAI] } });
    const last = new TimeoutError({ phase: 'first-byte', timeoutInMs: 1_000 });
    world.behave(KIMI, { type: 'fail', error: api(429) });
    world.behave(GLM, { type: 'fail', error: new CircuitOpenError({ target: GLM, retryAfterInMs: 5_000 }) });
    world.behave(OPENAI, { type: 'fail', error: last });
    const error = await registry.generate('kimi-k2', call).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(AllModelsFailedError.isInstance(error)).toBe(true);
    const failed = error as AllModelsFailedError;
    expect(failed.code).toBe('all_models_failed');
    expect(failed.attempts.map((attempt) => [attempt.model, attempt.code])).toEqual([
      [KIMI, 'rate_limited'],
      ['anthropic:claude-opus', 'no_such_model'],
      [GLM, 'circuit_open'],
      [OPENAI, 'timeout'],
    ]);
    expect(failed.cause).toBe(last);
    expect(failed.message).toContain(`${GLM}: circuit_open`);
  });

  it('rethrows the error itself when the chain is a single model', async () => {
    const { registry, world } = setup({ fallbacks: {} });
    const error = new TimeoutError({ phase: 'first-byte', timeoutInMs: 1_000 });
    world.behave(KIMI, { type: 'fail', error });
    await expect(registry.generate('kimi-k2', call)).rejects.toBe(error);
  });

  it('stops the chain at once when the caller aborts', async () => {
    const { registry, world } = setup();
    const controller = new AbortController();
    world.behave(KIMI, {
      type: 'fail',
      error: () => {
        controller.abort(new Error('user pressed Esc'));
        return new TimeoutError({ phase: 'first-byte', timeoutInMs: 1_000 });
      },
    });
    const error = await registry.generate('kimi-k2', { ...call, abortSignal: controller.signal }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(AbortedError.isInstance(error)).toBe(true);
    expect((error as AbortedError).cause).toEqual(new Error('user pressed Esc'));
    expect(world.calls.map((c) => c.spec)).toEqual([KIMI]);
  });

  it('reports an abort during the last model as an abort, not as a failed chain', async () => {
    const { registry, world } = setup({ fallbacks: {} });
    const controller = new AbortController();
    world.behave(KIMI, {
      type: 'fail',
      error: () => {
        controller.abort();
        return new ApiCallError({ message: 'reset', url, statusCode: 502 });
      },
    });
    await expect(registry.generate('kimi-k2', { ...call, abortSignal: controller.signal })).rejects.toSatisfy(
      (error: unknown) => AbortedError.isInstance(error),
    );
  });

  it('calls no model when the signal has already fired', async () => {
    const { registry, world } = setup();
    const controller = new AbortController();
    controller.abort();
    await expect(registry.generate('kimi-k2', { ...call, abortSignal: controller.signal })).rejects.toSatisfy(
      (error: unknown) => AbortedError.isInstance(error),
    );
    expect(world.calls).toEqual([]);
  });

  it('rejects (not throws) for an unknown model', async () => {
    const { registry } = setup();
    const pending = registry.generate('kimi-k9', call);
    await expect(pending).rejects.toMatchObject({ code: 'no_such_model' });
  });
});

describe('registry.languageModel', () => {
  it('is a LanguageModelV1 that runs the fallback chain', async () => {
    const { registry, world } = setup();
    const model = registry.languageModel('kimi-k2');
    expect(model).toMatchObject({
      specificationVersion: 'v1',
      provider: 'kimi',
      modelId: 'kimi-k2-0905-preview',
    });
    world.behave(KIMI, { type: 'fail', error: api(502) });
    const result = await model.doGenerate(call);
    expect(result.text).toBe(answerText(GLM));
    const streamed = await model.doStream(call);
    const parts = [];
    for await (const part of streamed.stream) parts.push(part);
    expect(parts).toContainEqual({ type: 'text-delta', delta: answerText(GLM) });
  });

  it('throws at once for an unknown model', () => {
    const { registry } = setup();
    expect(() => registry.languageModel('kimi-k9')).toThrow(/kimi-k9/);
  });
});
