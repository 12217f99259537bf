import { describe, expect, it } from 'vitest';
import { builtinModels } from './builtin-catalogue.js';
import { findModelInfo } from './find-model-info.js';
import type { ModelInfo } from './model-info.js';

const capabilities = { thinking: false, vision: false, tools: false };

describe('findModelInfo', () => {
  const kimi = builtinModels('kimi');

  it('finds a model by id or alias, ignoring case and space', () => {
    expect(findModelInfo(kimi, 'kimi-k2-0905-preview')?.id).toBe('kimi-k2-0905-preview');
    expect(findModelInfo(kimi, 'Kimi-K2')?.id).toBe('kimi-k2-0905-preview');
    expect(findModelInfo(kimi, '  KIMI-K2-TURBO ')?.id).toBe('kimi-k2-turbo-preview');
  });

  it('returns undefined for unknown or empty names', () => {
    expect(findModelInfo(kimi, 'kimi-k3')).toBeUndefined();
    expect(findModelInfo(kimi, '')).toBeUndefined();
    expect(findModelInfo([], 'kimi-k2')).toBeUndefined();
  });

  it('prefers an id over another model’s alias', () => {
    const models: ModelInfo[] = [
      { provider: 'x', id: 'a', aliases: ['b'], contextWindow: 1, maxOutputTokens: 1, capabilities },
      { provider: 'x', id: 'B', contextWindow: 1, maxOutputTokens: 1, capabilities },
    ];
    expect(findModelInfo(models, 'b')?.id).toBe('B');
  });
});
