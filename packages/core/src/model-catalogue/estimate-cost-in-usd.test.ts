import { describe, expect, it } from 'vitest';
import { builtinModels } from './builtin-catalogue.js';
import { estimateCostInUsd } from './estimate-cost-in-usd.js';
import { findModelInfo } from './find-model-info.js';

describe('estimateCostInUsd', () => {
  const k2 = findModelInfo(builtinModels('kimi'), 'kimi-k2');

  it('prices input and output per million tokens', () => {
    // 1M in at $0.60 + 0.5M out at $2.50
    expect(estimateCostInUsd(k2, { inputTokens: 1_000_000, outputTokens: 500_000 })).toBeCloseTo(1.85, 10);
    const gpt41 = findModelInfo(builtinModels('openai'), 'gpt-4.1');
    expect(estimateCostInUsd(gpt41, { inputTokens: 1_000, outputTokens: 2_000 })).toBeCloseTo(0.018, 10);
  });

  it('bills cached input at the cached price', () => {
    // 1M in, of which 0.4M cached: 0.6M × $0.60 + 0.4M × $0.15
    const cost = estimateCostInUsd(k2, {
      inputTokens: 1_000_000,
      outputTokens: 0,
      cachedInputTokens: 400_000,
    });
    expect(cost).toBeCloseTo(0.42, 10);
  });

  it('bills cached input at the full price when the model has no cached price', () => {
    const v1 = findModelInfo(builtinModels('kimi'), 'moonshot-v1-8k');
    const cost = estimateCostInUsd(v1, {
      inputTokens: 1_000_000,
      outputTokens: 0,
      cachedInputTokens: 1_000_000,
    });
    expect(cost).toBeCloseTo(0.2, 10);
  });

  it('treats one missing count as zero', () => {
    expect(estimateCostInUsd(k2, { inputTokens: undefined, outputTokens: 1_000_000 })).toBeCloseTo(2.5, 10);
  });

  it('is zero for a free model', () => {
    const flash = findModelInfo(builtinModels('glm'), 'glm-4.5-flash');
    expect(estimateCostInUsd(flash, { inputTokens: 123, outputTokens: 456 })).toBe(0);
  });

  it('is undefined without pricing or without any counts', () => {
    expect(estimateCostInUsd(undefined, { inputTokens: 1, outputTokens: 1 })).toBeUndefined();
    expect(estimateCostInUsd({}, { inputTokens: 1, outputTokens: 1 })).toBeUndefined();
    expect(estimateCostInUsd(k2, { inputTokens: undefined, outputTokens: undefined })).toBeUndefined();
  });
});
