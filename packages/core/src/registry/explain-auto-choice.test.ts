import { describe, expect, it } from 'vitest';
import { createProviderRegistry } from './create-provider-registry.js';
import { createFakeWorld, modelInfo } from './registry-test-fakes.js';

function setup(defaultModel?: string) {
  const world = createFakeWorld();
  const thinking = { thinking: true, vision: false, tools: true };
  const providers = [
    world.provider('kimi', [
      modelInfo('kimi', 'k-fast', { rank: 70 }),
      modelInfo('kimi', 'k-think', { rank: 95, capabilities: thinking }),
    ]),
    world.provider('glm', [
      modelInfo('glm', 'g-big', { rank: 90 }),
      modelInfo('glm', 'g-think', { rank: 80, capabilities: thinking }),
    ]),
    world.provider('nokey', [modelInfo('nokey', 'best', { rank: 99 })]),
  ];
  return createProviderRegistry({
    providers,
    isProviderUsable: (provider) => provider.providerId !== 'nokey',
    ...(defaultModel !== undefined && { defaultModel }),
  });
}

describe('the plan of an `auto` call says what auto picked and why', () => {
  it('names the model, its rank, the pool it came from and the runner-up', () => {
    const registry = setup();
    expect(registry.plan('auto').auto).toEqual({
      spec: 'kimi:k-think',
      reason:
        'auto picked kimi:k-think: it has the highest catalogue rank (rank 95) of the 4 allowed ' +
        'models of the usable providers (kimi, glm); next was glm:g-big (rank 90).',
    });
    expect(registry.plan('auto', { thinking: true }).auto?.reason).toBe(
      'auto picked kimi:k-think: it has the highest catalogue rank (rank 95) of the 2 allowed ' +
        'models of the usable providers (kimi, glm) that offer thinking; next was glm:g-think (rank 80).',
    );
  });

  it('explains a fast or deep pick by its score, and a sole candidate as the only one', () => {
    const registry = setup();
    expect(registry.plan('auto', { task: 'deep' }).auto?.reason).toMatch(
      /^auto picked kimi:k-think: it has the highest deep score 110 \(from its catalogue rank, price and thinking\) of the 4 .*; next was glm:g-think \(deep score 95\)\.$/,
    );
    const onlyKimi = createProviderRegistry({
      providers: [createFakeWorld().provider('kimi', [modelInfo('kimi', 'solo', { rank: 60 })])],
    });
    expect(onlyKimi.plan(undefined).auto?.reason).toBe(
      'auto picked kimi:solo: it is the only allowed model of the usable providers (kimi) (rank 60).',
    );
  });

  it('is set when the default model is auto, and absent for a model named explicitly', () => {
    expect(setup().plan(undefined).auto?.spec).toBe('kimi:k-think');
    expect(setup().plan('').auto?.spec).toBe('kimi:k-think');
    expect(setup().plan('glm:g-big').auto).toBeUndefined();
    expect(setup('glm:g-big').plan(undefined).auto).toBeUndefined();
  });
});
