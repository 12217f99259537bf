import type { ModelInfo } from '../model-catalogue/model-info.js';
import type { LanguageModelV1 } from '../language-model/v1/language-model-v1.js';
import type { LanguageModelV1CallOptions } from '../language-model/v1/language-model-v1-call-options.js';
import type { LanguageModelV1GenerateResult } from '../language-model/v1/language-model-v1-result.js';
import type { LanguageModelV1StreamPart } from '../language-model/v1/language-model-v1-stream-part.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';

/**
 * In-memory providers for the registry's own tests: each model answers, rejects, or streams the
 * parts it is told to, and every call is logged. Not part of the public API.
 */
export type FakeBehaviour =
  /** `doGenerate` answers; `doStream` yields stream-start, one text delta, finish. */
  | { type: 'answer'; text?: string }
  /** `doGenerate` and `doStream` reject; a function is called with the call's options first. */
  | { type: 'fail'; error: unknown | ((options: LanguageModelV1CallOptions) => unknown) }
  /** `doStream` yields these parts (a function part throws from the iterator instead). */
  | { type: 'stream'; parts: Array<LanguageModelV1StreamPart | (() => never)> };

export interface FakeCall {
  spec: string;
  method: 'doGenerate' | 'doStream';
  options: LanguageModelV1CallOptions;
}

export interface FakeWorld {
  calls: FakeCall[];
  /** Specs whose stream iteration was closed (finished, broken off or returned). */
  closedStreams: string[];
  behaviours: Map<string, FakeBehaviour>;
  /** Sets what `provider:modelId` does. */
  behave(spec: string, behaviour: FakeBehaviour): void;
  provider(providerId: string, models?: readonly ModelInfo[]): ProviderV1;
}

const usage = { inputTokens: 10, outputTokens: 5, totalTokens: 15 };

export function modelInfo(provider: string, id: string, overrides: Partial<ModelInfo> = {}): ModelInfo {
  return {
    provider,
    id,
    contextWindow: 128_000,
    maxOutputTokens: 8_192,
    capabilities: { thinking: false, vision: false, tools: true },
    ...overrides,
  };
}

export function answerText(spec: string): string {
  return `answer from ${spec}`;
}

export function createFakeWorld(): FakeWorld {
  const calls: FakeCall[] = [];
  const closedStreams: string[] = [];
  const behaviours = new Map<string, FakeBehaviour>();

  function behaviourOf(spec: string): FakeBehaviour {
    return behaviours.get(spec) ?? { type: 'answer' };
  }

  function failure(behaviour: { error: unknown }, options: LanguageModelV1CallOptions): unknown {
    return typeof behaviour.error === 'function' ? behaviour.error(options) : behaviour.error;
  }

  async function* streamOf(
    spec: string,
    behaviour: FakeBehaviour,
  ): AsyncGenerator<LanguageModelV1StreamPart> {
    try {
      if (behaviour.type === 'stream') {
        for (const part of behaviour.parts) yield typeof part === 'function' ? part() : part;
        return;
      }
      yield { type: 'stream-start', warnings: [] };
      yield {
        type: 'text-delta',
        delta: behaviour.type === 'answer' ? (behaviour.text ?? answerText(spec)) : '',
      };
      yield { type: 'finish', finishReason: 'stop', usage };
    } finally {
      closedStreams.push(spec);
    }
  }

  function languageModel(providerId: string, modelId: string): LanguageModelV1 {
    const spec = `${providerId}:${modelId}`;
    return {
      specificationVersion: 'v1',
      provider: providerId,
      modelId,
      async doGenerate(options): Promise<LanguageModelV1GenerateResult> {
        calls.push({ spec, method: 'doGenerate', options });
        const behaviour = behaviourOf(spec);
        if (behaviour.type === 'fail') throw failure(behaviour, options);
        const text =
          behaviour.type === 'answer'
            ? (behaviour.text ?? answerText(spec))
            : behaviour.parts
                .map((part) => (typeof part !== 'function' && part.type === 'text-delta' ? part.delta : ''))
                .join('');
        return {
          text,
          reasoning: undefined,
          toolCalls: [],
          finishReason: 'stop',
          usage,
          warnings: [],
          response: { modelId },
        };
      },
      async doStream(options) {
        calls.push({ spec, method: 'doStream', options });
        const behaviour = behaviourOf(spec);
        if (behaviour.type === 'fail') throw failure(behaviour, options);
        return { stream: streamOf(spec, behaviour), response: { headers: { 'x-model': spec } } };
      },
    };
  }

  return {
    calls,
    closedStreams,
    behaviours,
    behave: (spec, behaviour) => void behaviours.set(spec, behaviour),
    provider(providerId, models = []) {
      return {
        specificationVersion: 'v1',
        providerId,
        languageModel: (modelId) => languageModel(providerId, modelId),
        listModels: () => models,
      };
    },
  };
}

/** Collects a stream's parts. */
export async function collect(
  stream: AsyncIterable<LanguageModelV1StreamPart>,
): Promise<LanguageModelV1StreamPart[]> {
  const parts: LanguageModelV1StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}
