import { describe, expect, it } from 'vitest';
import { editDistance, suggestModelNames } from './suggest-model-names.js';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('', '')).toBe(0);
    expect(editDistance('glm-4.6', 'glm-4.6')).toBe(0);
    expect(editDistance('glm-46', 'glm-4.6')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('suggestModelNames', () => {
  const candidates = [
    { label: 'glm:glm-4.6', names: ['glm-4.6'] },
    { label: 'glm:glm-4.5', names: ['glm-4.5'] },
    { label: 'kimi:kimi-k2-0905-preview', names: ['kimi-k2-0905-preview', 'kimi-k2'] },
    { label: 'openai:o3', names: ['o3'] },
  ];

  it('returns close names, closest first', () => {
    expect(suggestModelNames('glm-4.7', candidates)).toEqual(['glm:glm-4.5', 'glm:glm-4.6']);
    expect(suggestModelNames('GLM-4.6', candidates)[0]).toBe('glm:glm-4.6');
  });

  it('matches on substrings and aliases', () => {
    expect(suggestModelNames('0905', candidates)).toEqual(['kimi:kimi-k2-0905-preview']);
    expect(suggestModelNames('kimi-k2x', candidates)).toEqual(['kimi:kimi-k2-0905-preview']);
  });

  it('returns nothing when nothing is close, and respects the limit', () => {
    expect(suggestModelNames('mistral-large', candidates)).toEqual([]);
    expect(suggestModelNames('glm', candidates, 1)).toHaveLength(1);
  });
});
