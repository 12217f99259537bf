import { describe, expect, it } from 'vitest';
import { builtinModels } from '../model-catalogue/builtin-catalogue.js';
import { AbortedError } from '../errors/aborted-error.js';
import { AllModelsFailedError } from '../errors/all-models-failed-error.js';
import { ApiCallError } from '../errors/api-call-error.js';
import { CircuitOpenError } from '../errors/circuit-open-error.js';
import { StreamError } from '../errors/stream-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import type { LanguageModelV1CallOptions } from '../language-model/v1/language-model-v1-call-options.js';
import type { LanguageModelV1StreamPart } from '../language-model/v1/language-model-v1-stream-part.js';
import { createProviderRegistry } from './create-provider-registry.js';
import { answerText, collect, createFakeWorld } from './registry-test-fakes.js';

const KIMI = 'kimi:kimi-k2-0905-preview';
const GLM = 'glm:glm-4.6';
const OPENAI = 'openai:gpt-4.1';

const call: LanguageModelV1CallOptions = { prompt: [{ role: 'user', content: 'Explain this stack trace.' }] };
const usage = { inputTokens: 3, outputTokens: 2, totalTokens: 5 };

function setup() {
  const world = createFakeWorld();
  const registry = createProviderRegistry({
    providers: ['kimi', 'glm', 'openai'].map((id) => world.provider(id, builtinModels(id))),
    fallbacks: { 'kimi-k2': [GLM, OPENAI] },
  });
  return { world, registry };
}

const upstreamError = new StreamError({ message: 'upstream sent an error event', reason: 'upstream' });
const preamble: LanguageModelV1StreamPart[] = [
  { type: 'stream-start', warnings: [] },
  { type: 'response-metadata', id: 'resp-1', modelId: 'kimi-k2-0905-preview' },
];

describe('registry.stream', () => {
  it('streams from the first model, preamble included, when it works', async () => {
    const { registry, world } = setup();
    const parts: LanguageModelV1StreamPart[] = [
      ...preamble,
      { type: 'reasoning-delta', delta: 'hmm' },
      { type: 'text-delta', delta: 'Hello' },
      { type: 'finish', finishReason: 'stop', usage },
    ];
    world.behave(KIMI, { type: 'stream', parts });
    const result = await registry.stream('kimi-k2', call);
    expect(result.answeredBy.spec).toBe(KIMI);
    expect(result.fallbacks).toEqual([]);
    expect(result.response?.headers).toEqual({ 'x-model': KIMI });
    expect(await collect(result.stream)).toEqual(parts);
    expect(world.closedStreams).toEqual([KIMI]);
  });

  it('falls back when doStream rejects before the first byte', async () => {
    const { registry, world } = setup();
    const error = new TimeoutError({ phase: 'first-byte', timeoutInMs: 30_000 });
    world.behave(KIMI, { type: 'fail', error });
    const result = await registry.stream('kimi-k2', call);
    expect(result.answeredBy.spec).toBe(GLM);
    expect(result.fallbacks).toEqual([{ model: KIMI, code: 'timeout', message: error.message }]);
    expect(await collect(result.stream)).toContainEqual({ type: 'text-delta', delta: answerText(GLM) });
  });

  it('falls back on an error part before any content, and closes the failed stream', async () => {
    const { registry, world } = setup();
    world.behave(KIMI, { type: 'stream', parts: [...preamble, { type: 'error', error: upstreamError }] });
    world.behave(GLM, {
      type: 'stream',
      parts: [
        { type: 'error', error: new ApiCallError({ message: 'overloaded', url: 'u', statusCode: 529 }) },
      ],
    });
    const result = await registry.stream('kimi-k2', call);
    expect(result.answeredBy.spec).toBe(OPENAI);
    expect(result.fallbacks.map((attempt) => [attempt.model, attempt.code])).toEqual([
      [KIMI, 'stream_error'],
      [GLM, 'upstream_unavailable'],
    ]);
    expect(world.closedStreams).toEqual([KIMI, GLM]);
    const parts = await collect(result.stream);
    expect(parts.map((part) => part.type)).toEqual(['stream-start', 'text-delta', 'finish']);
  });

  it('treats a stream whose iterator throws before content as a failure', async () => {
    const { registry, world } = setup();
    world.behave(KIMI, {
      type: 'stream',
      parts: [
        () => {
          throw new CircuitOpenError({ target: KIMI, retryAfterInMs: 1_000 });
        },
      ],
    });
    const result = await registry.stream('kimi-k2', call);
    expect(result.answeredBy.spec).toBe(GLM);
    expect(result.fallbacks[0]?.code).toBe('circuit_open');
  });

  it('does not fall back once content has been delivered', async () => {
    const { registry, world } = setup();
    world.behave(KIMI, {
      type: 'stream',
      parts: [
        ...preamble,
        { type: 'text-delta', delta: 'Half an ans' },
        { type: 'error', error: upstreamError },
      ],
    });
    const result = await registry.stream('kimi-k2', call);
    expect(result.answeredBy.spec).toBe(KIMI);
    expect(await collect(result.stream)).toEqual([
      ...preamble,
      { type: 'text-delta', delta: 'Half an ans' },
      { type: 'error', error: upstreamError },
    ]);
    expect(world.calls.map((c) => c.spec)).toEqual([KIMI]);
  });

  it('turns an iterator that throws after content into an error part', async () => {
    const { registry, world } = setup();
    const broken = new Error('socket hang up');
    world.behave(KIMI, {
      type: 'stream',
      parts: [
        { type: 'text-delta', delta: 'Hi' },
        () => {
          throw broken;
        },
      ],
    });
    const result = await registry.stream('kimi-k2', call);
    expect(await collect(result.stream)).toEqual([
      { type: 'text-delta', delta: 'Hi' },
      { type: 'error', error: broken },
    ]);
  });

  it('rejects with a client error met before content, without trying further', async () => {
    const { registry, world } = setup();
    const badRequest = new ApiCallError({ message: 'bad tool schema', url: 'u', statusCode: 400 });
    world.behave(KIMI, { type: 'stream', parts: [...preamble, { type: 'error', error: badRequest }] });
    await expect(registry.stream('kimi-k2', call)).rejects.toBe(badRequest);
    expect(world.calls.map((c) => c.spec)).toEqual([KIMI]);
    expect(world.closedStreams).toEqual([KIMI]);
  });

  it('throws AllModelsFailedError when every stream fails before content', async () => {
    const { registry, world } = setup();
    world.behave(KIMI, { type: 'stream', parts: [{ type: 'error', error: upstreamError }] });
    world.behave(GLM, { type: 'fail', error: new TimeoutError({ phase: 'connect', timeoutInMs: 5_000 }) });
    world.behave(OPENAI, { type: 'stream', parts: [...preamble, { type: 'error', error: upstreamError }] });
    const error = await registry.stream('kimi-k2', call).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(AllModelsFailedError.isInstance(error)).toBe(true);
    expect((error as AllModelsFailedError).attempts.map((attempt) => [attempt.model, attempt.code])).toEqual([
      [KIMI, 'stream_error'],
      [GLM, 'timeout'],
      [OPENAI, 'stream_error'],
    ]);
  });

  it('closes the upstream stream when the caller stops reading', async () => {
    const { registry, world } = setup();
    world.behave(KIMI, {
      type: 'stream',
      parts: [
        { type: 'text-delta', delta: 'one' },
        { type: 'text-delta', delta: 'two' },
        { type: 'text-delta', delta: 'three' },
      ],
    });
    const result = await registry.stream('kimi-k2', call);
    const seen: LanguageModelV1StreamPart[] = [];
    for await (const part of result.stream) {
      seen.push(part);
      if (seen.length === 2) break;
    }
    expect(seen).toHaveLength(2);
    expect(world.closedStreams).toEqual([KIMI]);
  });

  it('closes the upstream stream when the caller drops it before reading it', async () => {
    const { registry, world } = setup();
    world.behave(KIMI, {
      type: 'stream',
      parts: [...preamble, { type: 'text-delta', delta: 'one' }, { type: 'text-delta', delta: 'two' }],
    });
    const result = await registry.stream('kimi-k2', call);
    expect(world.closedStreams).toEqual([]);
    await result.stream[Symbol.asyncIterator]().return?.();
    expect(world.closedStreams).toEqual([KIMI]);
  });

  it.each([
    ['a chain', 'kimi-k2'],
    ['a single model', 'kimi:kimi-k2-turbo-preview'],
  ])('stops %s when the caller aborts while the stream is failing', async (_name, spec) => {
    const { registry, world } = setup();
    const controller = new AbortController();
    world.behave(registry.resolve(spec).spec, {
      type: 'stream',
      parts: [
        { type: 'stream-start', warnings: [] },
        () => {
          controller.abort();
          throw new TimeoutError({ phase: 'idle', timeoutInMs: 1_000 });
        },
      ],
    });
    const error = await registry.stream(spec, { ...call, abortSignal: controller.signal }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(AbortedError.isInstance(error)).toBe(true);
    expect(world.calls.map((c) => c.spec)).toEqual([registry.resolve(spec).spec]);
  });
});
