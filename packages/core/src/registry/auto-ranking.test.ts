import { describe, expect, it } from 'vitest';
import { builtinModels } from '../model-catalogue/builtin-catalogue.js';
import type { ModelInfo } from '../model-catalogue/model-info.js';
import { NoSuchModelError } from '../errors/no-such-model-error.js';
import { autoScore, rankForAuto } from './auto-ranking.js';
import { createProviderRegistry } from './create-provider-registry.js';
import { createFakeWorld, modelInfo } from './registry-test-fakes.js';

const thinking = { thinking: true, vision: false, tools: true };

function builtinRegistry(ids: string[], isProviderUsable?: (provider: { providerId: string }) => boolean) {
  const world = createFakeWorld();
  return createProviderRegistry({
    providers: ids.map((id) => world.provider(id, builtinModels(id))),
    ...(isProviderUsable && { isProviderUsable }),
  });
}

describe('pickAuto', () => {
  it('picks the best-ranked model by default', () => {
    expect(builtinRegistry(['kimi', 'glm', 'openai']).pickAuto().spec).toBe('openai:gpt-5');
    expect(builtinRegistry(['kimi', 'glm']).pickAuto().spec).toBe('kimi:kimi-k2-thinking');
  });

  it('filters by capability and context window', () => {
    const registry = builtinRegistry(['kimi', 'glm']);
    expect(registry.pickAuto({ vision: true, thinking: true }).spec).toBe('glm:glm-4.5v');
    expect(registry.pickAuto({ vision: true, webSearch: true, tools: true }).spec).toBe('glm:glm-4.5v');
    expect(registry.pickAuto({ minContextWindow: 250_000 }).spec).toBe('kimi:kimi-k2-thinking');
    expect(registry.pickAuto({ minContextWindow: 250_000, thinking: false }).info?.contextWindow).toBe(
      262_144,
    );

    const withOpenai = builtinRegistry(['kimi', 'openai']);
    expect(withOpenai.pickAuto({ webSearch: true }).provider.providerId).toBe('kimi');
  });

  it('fails clearly when nothing meets the requirements', () => {
    const registry = builtinRegistry(['kimi', 'glm']);
    let error: unknown;
    try {
      registry.pickAuto({ vision: true, minContextWindow: 500_000 });
    } catch (caught) {
      error = caught;
    }
    expect(NoSuchModelError.isInstance(error)).toBe(true);
    expect((error as NoSuchModelError).modelId).toBe('auto');
    expect((error as Error).message).toContain('vision, a context window of at least 500000 tokens');
    expect((error as Error).message).toContain('kimi, glm');
  });

  it('prefers cheap, non-thinking models for `fast` and thinking ones for `deep`', () => {
    expect(builtinRegistry(['glm']).pickAuto({ task: 'fast' }).spec).toBe('glm:glm-4.5-flash');
    expect(builtinRegistry(['openai']).pickAuto({ task: 'fast' }).spec).toBe('openai:gpt-4.1-nano');
    expect(builtinRegistry(['kimi']).pickAuto({ task: 'fast' }).spec).toBe('kimi:kimi-k2-0905-preview');
    expect(builtinRegistry(['kimi', 'glm']).pickAuto({ task: 'deep' }).info?.capabilities.thinking).toBe(
      true,
    );
  });

  it('skips deprecated models, denied models and unusable providers', () => {
    const world = createFakeWorld();
    const registry = createProviderRegistry({
      providers: [
        world.provider('a', [
          modelInfo('a', 'old', { rank: 99, deprecated: 'use a:new' }),
          modelInfo('a', 'new', { rank: 60 }),
        ]),
        world.provider('b', [modelInfo('b', 'best', { rank: 98 })]),
        world.provider('c', [modelInfo('c', 'denied', { rank: 97 })]),
      ],
      deny: ['c:*'],
      isProviderUsable: (provider) => provider.providerId !== 'b',
    });
    expect(registry.pickAuto().spec).toBe('a:new');
    // Explicit names still resolve: usability and deprecation only steer `auto`.
    expect(registry.resolve('b:best').spec).toBe('b:best');
    expect(registry.resolve('a:old').spec).toBe('a:old');
  });
});

describe('rankForAuto', () => {
  const order = (models: ModelInfo[], task?: 'fast' | 'balanced' | 'deep') =>
    rankForAuto(
      models.map((info) => ({ info })),
      task,
    ).map(({ info }) => info.id);

  it('orders by rank, then cheaper, then larger context, then the order given', () => {
    const models = [
      modelInfo('p', 'first-of-equals', { rank: 70 }),
      modelInfo('p', 'pricey', { rank: 70, pricing: { inputPerMillion: 5, outputPerMillion: 5 } }),
      modelInfo('p', 'cheap', { rank: 70, pricing: { inputPerMillion: 0.1, outputPerMillion: 0.1 } }),
      modelInfo('p', 'second-of-equals', { rank: 70 }),
      modelInfo('p', 'big', { rank: 70, contextWindow: 1_000_000 }),
      modelInfo('p', 'top', { rank: 90 }),
      modelInfo('p', 'unranked'),
    ];
    expect(order(models)).toEqual([
      'top',
      'cheap',
      'big',
      'first-of-equals',
      'second-of-equals',
      'pricey',
      'unranked',
    ]);
  });

  it('lets `deep` lift thinking models by 15 and `fast` sink them', () => {
    const models = [
      modelInfo('p', 'chat', { rank: 80, pricing: { inputPerMillion: 1, outputPerMillion: 1 } }),
      modelInfo('p', 'thinker', {
        rank: 70,
        capabilities: thinking,
        pricing: { inputPerMillion: 1, outputPerMillion: 1 },
      }),
    ];
    expect(order(models, 'balanced')).toEqual(['chat', 'thinker']);
    expect(order(models, 'deep')).toEqual(['thinker', 'chat']);
    expect(autoScore(models[1]!, 'deep')).toBe(85);
    expect(order([...models].reverse(), 'fast')).toEqual(['chat', 'thinker']);
  });

  it('lets `fast` trade rank for price', () => {
    const models = [
      modelInfo('p', 'strong-expensive', { rank: 90, pricing: { inputPerMillion: 3, outputPerMillion: 15 } }),
      modelInfo('p', 'weak-free', { rank: 50, pricing: { inputPerMillion: 0, outputPerMillion: 0 } }),
    ];
    expect(order(models, 'balanced')).toEqual(['strong-expensive', 'weak-free']);
    expect(order(models, 'fast')).toEqual(['weak-free', 'strong-expensive']);
    // rank 50 / 2, no price, no thinking
    expect(autoScore(models[1]!, 'fast')).toBe(25);
  });
});
