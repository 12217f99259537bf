import type { ModelInfo } from './model-info.js';

// Prices are USD list prices per million tokens (Z.ai, international) at the time of writing;
// configuration can override them.

/**
 * GLM models think when asked (`thinking: { type: 'enabled' }`), call tools, and can use the
 * `web_search` tool type.
 */
const capabilities = { thinking: true, vision: false, tools: true, webSearch: true, jsonMode: true };

/** GLM (Z.ai; Zhipu in China) models. Temperatures lie in [0, 1]; defaults differ by family. */
export const glmModels: readonly ModelInfo[] = [
  {
    provider: 'glm',
    id: 'glm-4.6',
    description: 'GLM-4.6: flagship for coding and agentic work; thinking optional; 200K context.',
    contextWindow: 204_800,
    maxOutputTokens: 131_072,
    capabilities,
    temperature: { min: 0, max: 1, default: 1 },
    pricing: { inputPerMillion: 0.6, outputPerMillion: 2.2, cachedInputPerMillion: 0.11 },
    rank: 84,
  },
  {
    provider: 'glm',
    id: 'glm-4.5',
    description: 'GLM-4.5: general reasoning, coding and tool use; thinking optional; 128K context.',
    contextWindow: 131_072,
    maxOutputTokens: 98_304,
    capabilities,
    temperature: { min: 0, max: 1, default: 0.6 },
    pricing: { inputPerMillion: 0.6, outputPerMillion: 2.2, cachedInputPerMillion: 0.11 },
    rank: 78,
  },
  {
    provider: 'glm',
    id: 'glm-4.5-air',
    description: 'GLM-4.5-Air: a lighter, cheaper GLM-4.5; thinking optional; 128K context.',
    contextWindow: 131_072,
    maxOutputTokens: 98_304,
    capabilities,
    temperature: { min: 0, max: 1, default: 0.6 },
    pricing: { inputPerMillion: 0.2, outputPerMillion: 1.1, cachedInputPerMillion: 0.03 },
    rank: 70,
  },
  {
    provider: 'glm',
    id: 'glm-4.5-flash',
    description: 'GLM-4.5-Flash: free of charge, fast; thinking optional; 128K context.',
    contextWindow: 131_072,
    maxOutputTokens: 98_304,
    capabilities,
    temperature: { min: 0, max: 1, default: 0.6 },
    pricing: { inputPerMillion: 0, outputPerMillion: 0 },
    rank: 55,
  },
  {
    provider: 'glm',
    id: 'glm-4.5v',
    description: 'GLM-4.5V: vision (images and documents) with optional thinking; 64K context.',
    contextWindow: 65_536,
    maxOutputTokens: 16_384,
    capabilities: { ...capabilities, vision: true, jsonMode: false },
    temperature: { min: 0, max: 1, default: 0.8 },
    pricing: { inputPerMillion: 0.6, outputPerMillion: 1.8, cachedInputPerMillion: 0.11 },
    rank: 62,
  },
];
