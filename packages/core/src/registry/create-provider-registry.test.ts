import { describe, expect, it } from 'vitest';
import { CircuitOpenError } from '../errors/circuit-open-error.js';
import { builtinModels } from '../model-catalogue/builtin-catalogue.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ModelNotAllowedError } from '../errors/model-not-allowed-error.js';
import { NoSuchModelError } from '../errors/no-such-model-error.js';
import { createProviderRegistry } from './create-provider-registry.js';
import type { ProviderRegistryOptions } from './provider-registry.js';
import { createFakeWorld, modelInfo } from './registry-test-fakes.js';

function setup(options: Partial<ProviderRegistryOptions> = {}) {
  const world = createFakeWorld();
  const providers = [
    world.provider('kimi', builtinModels('kimi')),
    world.provider('glm', builtinModels('glm')),
    world.provider('openai', builtinModels('openai')),
    world.provider('openrouter', builtinModels('openrouter')),
    world.provider('ollama'),
  ];
  return { world, registry: createProviderRegistry({ providers, ...options }) };
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('createProviderRegistry: resolution', () => {
  it('resolves provider:model by id or alias to the canonical spec', () => {
    const { registry } = setup();
    for (const spec of ['kimi:kimi-k2', 'kimi:kimi-k2-0905-preview', 'KIMI:Kimi-K2', ' kimi:kimi-k2 ']) {
      const resolved = registry.resolve(spec);
      expect(resolved.spec, spec).toBe('kimi:kimi-k2-0905-preview');
      expect(resolved.provider.providerId).toBe('kimi');
      expect(resolved.info?.contextWindow).toBe(262_144);
      expect(resolved.model.modelId).toBe('kimi-k2-0905-preview');
    }
  });

  it('resolves bare ids and aliases across providers', () => {
    const { registry } = setup();
    expect(registry.resolve('glm-4.6').spec).toBe('glm:glm-4.6');
    expect(registry.resolve('kimi-k2-turbo').spec).toBe('kimi:kimi-k2-turbo-preview');
    expect(registry.resolve('GPT-4.1').spec).toBe('openai:gpt-4.1');
    expect(registry.resolve('anthropic/claude-sonnet-4').spec).toBe('openrouter:anthropic/claude-sonnet-4');
  });

  it('passes an unlisted id of a known provider through, keeping its case', () => {
    const { registry } = setup();
    const kimi = registry.resolve('kimi:kimi-k3-preview');
    expect(kimi).toMatchObject({ spec: 'kimi:kimi-k3-preview', info: undefined });
    expect(kimi.model.modelId).toBe('kimi-k3-preview');
    const ollama = registry.resolve('ollama:Qwen3:8b');
    expect(ollama.spec).toBe('ollama:Qwen3:8b');
    expect(ollama.model.modelId).toBe('Qwen3:8b');
  });

  it('rejects a bare name several providers list, naming each qualified choice', () => {
    const world = createFakeWorld();
    const registry = createProviderRegistry({
      providers: [
        world.provider('lab-a', [modelInfo('lab-a', 'qwen3')]),
        world.provider('lab-b', [modelInfo('lab-b', 'other', { aliases: ['qwen3'] })]),
      ],
    });
    const error = thrown(() => registry.resolve('qwen3'));
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('lab-a:qwen3');
    expect((error as Error).message).toContain('lab-b:other');
    expect(registry.resolve('lab-b:qwen3').spec).toBe('lab-b:other');
  });

  it('lets allow/deny settle an ambiguity', () => {
    const world = createFakeWorld();
    const registry = createProviderRegistry({
      providers: [
        world.provider('lab-a', [modelInfo('lab-a', 'qwen3')]),
        world.provider('lab-b', [modelInfo('lab-b', 'qwen3')]),
      ],
      deny: ['lab-a:*'],
    });
    expect(registry.resolve('qwen3').spec).toBe('lab-b:qwen3');
  });

  it('suggests close matches for an unknown model', () => {
    const { registry } = setup();
    const cases: Array<[string, string]> = [
      ['kimi-k3', 'kimi:kimi-k2-0905-preview'],
      ['glm-46', 'glm:glm-4.6'],
      ['gpt4.1', 'openai:gpt-4.1'],
      ['claude-sonnet-4', 'openrouter:anthropic/claude-sonnet-4'],
    ];
    for (const [wanted, expected] of cases) {
      const error = thrown(() => registry.resolve(wanted));
      expect(NoSuchModelError.isInstance(error), wanted).toBe(true);
      expect((error as NoSuchModelError).suggestions, wanted).toContain(expected);
      expect((error as NoSuchModelError).message).toContain(`"${expected}"`);
      expect((error as NoSuchModelError).code).toBe('no_such_model');
    }
    const nothingClose = thrown(() => registry.resolve('zzzzzzzzzzzz')) as NoSuchModelError;
    expect(nothingClose.suggestions).toEqual([]);
  });

  it('names the unknown provider of a provider:model spec and suggests the close one', () => {
    const { registry } = setup();
    const error = thrown(() => registry.resolve('kimmi:kimi-k2')) as NoSuchModelError;
    expect(NoSuchModelError.isInstance(error)).toBe(true);
    expect(error.message).toContain('no provider is called "kimmi"');
    expect(error.message).toContain('kimi, glm, openai, openrouter, ollama');
    expect(error.suggestions[0]).toBe('kimi:kimi-k2');
  });

  it('rejects a provider with no model name', () => {
    const { registry } = setup();
    expect(NoSuchModelError.isInstance(thrown(() => registry.resolve('kimi:')))).toBe(true);
  });

  it('resolves "" and undefined to the default model, `auto` unless configured', () => {
    const { registry } = setup({ defaultModel: 'glm-4.6' });
    expect(registry.resolve('').spec).toBe('glm:glm-4.6');
    expect(registry.resolve(undefined).spec).toBe('glm:glm-4.6');
    const auto = setup().registry;
    expect(auto.resolve(undefined).spec).toBe(auto.pickAuto().spec);
    expect(auto.resolve('AUTO').spec).toBe(auto.pickAuto().spec);
  });

  it('says where a default model that does not resolve was written, on every path', async () => {
    const source = 'defaultModel in /home/me/exai.config.json';
    const { registry } = setup({ defaultModel: 'kimi-k3', defaultModelSource: source });
    for (const error of [
      thrown(() => registry.resolve(undefined)),
      thrown(() => registry.plan('')),
      thrown(() => registry.chain(undefined)),
      await registry.stream('', { prompt: [] }).catch((caught: unknown) => caught),
    ]) {
      expect(NoSuchModelError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain(`The model "kimi-k3" comes from ${source}: fix it there`);
    }
    // A model the call names itself is not blamed on the file.
    expect((thrown(() => registry.resolve('kimi-k3')) as Error).message).not.toContain(source);
  });

  it('refuses duplicate provider ids, naming the id', () => {
    const world = createFakeWorld();
    const error = thrown(() =>
      createProviderRegistry({ providers: [world.provider('kimi'), world.provider('Kimi')] }),
    );
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('"Kimi"');
  });

  it('lists every provider’s models under the registered provider id', () => {
    const world = createFakeWorld();
    const registry = createProviderRegistry({
      providers: [
        world.provider('kimi', builtinModels('kimi')),
        world.provider('kimi-cn', builtinModels('kimi')),
      ],
    });
    const models = registry.listModels();
    expect(models).toHaveLength(2 * builtinModels('kimi').length);
    expect(models.filter((model) => model.provider === 'kimi-cn')).toHaveLength(builtinModels('kimi').length);
    expect(registry.resolve('kimi-cn:kimi-k2').info?.provider).toBe('kimi-cn');
  });
});

describe('createProviderRegistry: allow and deny', () => {
  it('resolves only allowed models and says why others are refused', () => {
    const { registry } = setup({ allow: ['kimi:*', 'glm:glm-4.6', 'gpt-4.1'] });
    expect(registry.resolve('kimi-k2').spec).toBe('kimi:kimi-k2-0905-preview');
    expect(registry.resolve('glm-4.6').spec).toBe('glm:glm-4.6');
    expect(registry.resolve('openai:gpt-4.1').spec).toBe('openai:gpt-4.1');

    const error = thrown(() => registry.resolve('glm:glm-4.5')) as ModelNotAllowedError;
    expect(ModelNotAllowedError.isInstance(error)).toBe(true);
    expect(error.code).toBe('model_not_allowed');
    expect(error.model).toBe('glm:glm-4.5');
    expect(error.deniedBy).toBeUndefined();
    expect(error.message).toContain('allow list');
    expect(ModelNotAllowedError.isInstance(thrown(() => registry.resolve('gpt-4o')))).toBe(true);
    expect(ModelNotAllowedError.isInstance(thrown(() => registry.resolve('ollama:llama3')))).toBe(true);
  });

  it('lets deny win over allow and names the pattern', () => {
    const { registry } = setup({ allow: ['kimi:*'], deny: ['kimi:kimi-k2-thinking*'] });
    const error = thrown(() => registry.resolve('kimi-k2-thinking')) as ModelNotAllowedError;
    expect(ModelNotAllowedError.isInstance(error)).toBe(true);
    expect(error.deniedBy).toBe('kimi:kimi-k2-thinking*');
    expect(error.message).toContain('kimi:kimi-k2-thinking*');
    expect(registry.resolve('kimi-k2').spec).toBe('kimi:kimi-k2-0905-preview');
  });

  it('matches bare patterns on ids and aliases at any provider', () => {
    const { registry } = setup({ deny: ['kimi-k2', 'llama3.1:8b'] });
    expect(ModelNotAllowedError.isInstance(thrown(() => registry.resolve('kimi:kimi-k2-0905-preview')))).toBe(
      true,
    );
    expect(ModelNotAllowedError.isInstance(thrown(() => registry.resolve('ollama:llama3.1:8b')))).toBe(true);
    expect(registry.resolve('ollama:llama3.1:70b').spec).toBe('ollama:llama3.1:70b');
  });

  it('supports globs on both sides of the colon', () => {
    const { registry } = setup({ allow: ['openrouter:openai/*', '*:glm-4.5*'] });
    expect(registry.listModels().map((model) => `${model.provider}:${model.id}`)).toEqual([
      'glm:glm-4.5',
      'glm:glm-4.5-air',
      'glm:glm-4.5-flash',
      'glm:glm-4.5v',
      'openrouter:openai/gpt-5',
      'openrouter:openai/gpt-4.1',
    ]);
  });

  it('applies the lists to listModels', () => {
    const { registry } = setup({ deny: ['openai:*', 'openrouter:*', 'glm:*'] });
    const providers = new Set(registry.listModels().map((model) => model.provider));
    expect([...providers]).toEqual(['kimi']);
  });

  it('rejects malformed fallbacks at creation', () => {
    const malformed: Array<Record<string, string[]>> = [
      { ' ': ['glm-4.6'] },
      { 'Kimi-K2': ['glm-4.6'], 'kimi-k2': [] },
      { a: [''] },
    ];
    for (const fallbacks of malformed) {
      expect(InvalidArgumentError.isInstance(thrown(() => setup({ fallbacks })))).toBe(true);
    }
  });

  it('rejects empty patterns', () => {
    expect(InvalidArgumentError.isInstance(thrown(() => setup({ deny: [' '] })))).toBe(true);
  });
});

describe('createProviderRegistry: plans', () => {
  it('resolves a spec and its chain once, and a plan is called without resolving again', async () => {
    const world = createFakeWorld();
    let resolutions = 0;
    const counting = (provider: ReturnType<typeof world.provider>) => ({
      ...provider,
      languageModel: (modelId: string) => {
        resolutions += 1;
        return provider.languageModel(modelId);
      },
    });
    const registry = createProviderRegistry({
      providers: [
        counting(world.provider('kimi', builtinModels('kimi'))),
        counting(world.provider('glm', builtinModels('glm'))),
      ],
      fallbacks: { 'kimi-k2': ['glm:glm-4.6'] },
    });
    const plan = registry.plan('kimi-k2');
    expect(plan.primary.spec).toBe('kimi:kimi-k2-0905-preview');
    expect(plan.primary.info?.contextWindow).toBe(262_144);
    const afterPlan = resolutions;
    world.behave('kimi:kimi-k2-0905-preview', {
      type: 'fail',
      error: new CircuitOpenError({ target: 'kimi:kimi-k2-0905-preview', retryAfterInMs: 1000 }),
    });
    const generated = await registry.generate(plan, { prompt: [] });
    expect(generated.answeredBy.spec).toBe('glm:glm-4.6');
    const streamed = await registry.stream(plan, { prompt: [] });
    expect(streamed.answeredBy.spec).toBe('glm:glm-4.6');
    expect(resolutions).toBe(afterPlan);
    // A spec is resolved on every call.
    await registry.generate('kimi-k2', { prompt: [] });
    expect(resolutions).toBeGreaterThan(afterPlan);
  });

  it('throws at planning time for a model that does not resolve', () => {
    const { registry } = setup();
    expect(() => registry.plan('no-such-model')).toThrow(NoSuchModelError);
  });
});
