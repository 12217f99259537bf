import { describe, expect, it } from 'vitest';
import { BUILTIN_PROVIDERS, builtinModels } from './builtin-catalogue.js';

describe('builtinModels', () => {
  it('returns the catalogue of every builtin provider, case-insensitively', () => {
    for (const provider of BUILTIN_PROVIDERS) {
      expect(builtinModels(provider).length).toBeGreaterThan(0);
      expect(builtinModels(provider.toUpperCase())).toBe(builtinModels(provider));
    }
  });

  it('returns an empty list for providers without a catalogue', () => {
    expect(builtinModels('ollama')).toEqual([]);
    expect(builtinModels('my-vllm')).toEqual([]);
  });

  it('hands out frozen data', () => {
    const [first] = builtinModels('kimi');
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first?.capabilities)).toBe(true);
    expect(() => {
      (builtinModels('kimi') as unknown as unknown[]).push({});
    }).toThrow(TypeError);
  });

  describe.each(BUILTIN_PROVIDERS)('the %s catalogue', (provider) => {
    const models = builtinModels(provider);

    it('fills every required field with sane values', () => {
      for (const model of models) {
        expect(model.provider, model.id).toBe(provider);
        expect(model.id).toMatch(/^\S+$/);
        expect(model.description, model.id).toBeTruthy();
        expect(Number.isInteger(model.contextWindow), model.id).toBe(true);
        expect(model.contextWindow, model.id).toBeGreaterThanOrEqual(8_192);
        expect(model.maxOutputTokens, model.id).toBeGreaterThan(0);
        expect(model.maxOutputTokens, model.id).toBeLessThanOrEqual(model.contextWindow);
        expect(typeof model.capabilities.thinking).toBe('boolean');
        expect(typeof model.capabilities.vision).toBe('boolean');
        expect(typeof model.capabilities.tools).toBe('boolean');
        expect(model.rank, model.id).toBeGreaterThanOrEqual(0);
        expect(model.rank, model.id).toBeLessThanOrEqual(100);
        expect(model.pricing?.inputPerMillion, model.id).toBeGreaterThanOrEqual(0);
        expect(model.pricing?.outputPerMillion, model.id).toBeGreaterThanOrEqual(0);
        const temperature = model.temperature;
        expect(temperature, model.id).toBeDefined();
        if (temperature && !temperature.unsupported) {
          expect(temperature.min).toBeLessThanOrEqual(temperature.default ?? 0);
          expect(temperature.default).toBeLessThanOrEqual(temperature.max ?? Infinity);
        }
      }
    });

    it('has unique ids and aliases, and no alias shadows an id', () => {
      const names = models.flatMap((model) =>
        [model.id, ...(model.aliases ?? [])].map((n) => n.toLowerCase()),
      );
      expect(new Set(names).size).toBe(names.length);
    });
  });

  it('carries the facts other components rely on', () => {
    const kimi = builtinModels('kimi');
    const k2 = kimi.find((model) => model.id === 'kimi-k2-0905-preview');
    expect(k2).toMatchObject({
      aliases: expect.arrayContaining(['kimi-k2']),
      contextWindow: 262_144,
      capabilities: { tools: true, vision: false, thinking: false, webSearch: true },
      temperature: { min: 0, max: 1, default: 0.6 },
    });
    expect(kimi.find((model) => model.id === 'kimi-k2-thinking')?.capabilities.thinking).toBe(true);
    expect(kimi.find((model) => model.id === 'kimi-latest')?.capabilities.vision).toBe(true);

    const glm = builtinModels('glm');
    expect(glm.find((model) => model.id === 'glm-4.6')).toMatchObject({
      contextWindow: 204_800,
      capabilities: { thinking: true, tools: true, webSearch: true },
    });
    expect(glm.find((model) => model.id === 'glm-4.5v')?.capabilities.vision).toBe(true);
    expect(glm.find((model) => model.id === 'glm-4.5-flash')?.pricing).toEqual({
      inputPerMillion: 0,
      outputPerMillion: 0,
    });

    for (const id of ['o3', 'o4-mini', 'gpt-5']) {
      const model = builtinModels('openai').find((candidate) => candidate.id === id);
      expect(model?.temperature?.unsupported, id).toBe(true);
      expect(model?.capabilities.thinking, id).toBe(true);
    }
    expect(builtinModels('openai').find((model) => model.id === 'gpt-4.1')?.temperature).toEqual({
      min: 0,
      max: 2,
      default: 1,
    });
  });

  it('keeps OpenRouter entries alias-free so bare names stay unambiguous across providers', () => {
    for (const model of builtinModels('openrouter')) expect(model.aliases ?? []).toEqual([]);
  });
});
