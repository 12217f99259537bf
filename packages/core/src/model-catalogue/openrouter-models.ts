import type { ModelInfo } from './model-info.js';

// Prices are USD list prices per million tokens at the time of writing; OpenRouter routes some
// models to several hosts at different prices, and configuration can override them. OpenRouter
// serves hundreds of models: this list holds a few well-known ones, and any other id is passed
// through. No aliases here, so bare names such as `kimi-k2` stay unambiguous.

/** OpenRouter models, by OpenRouter id (`vendor/model`). */
export const openrouterModels: readonly ModelInfo[] = [
  {
    provider: 'openrouter',
    id: 'openai/gpt-5',
    description: 'OpenAI GPT-5 through OpenRouter; 400K context.',
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    capabilities: { thinking: true, vision: true, tools: true, webSearch: false, jsonMode: true },
    temperature: { unsupported: true },
    pricing: { inputPerMillion: 1.25, outputPerMillion: 10, cachedInputPerMillion: 0.125 },
    rank: 91,
  },
  {
    provider: 'openrouter',
    id: 'openai/gpt-4.1',
    description: 'OpenAI GPT-4.1 through OpenRouter; 1M context.',
    contextWindow: 1_047_576,
    maxOutputTokens: 32_768,
    capabilities: { thinking: false, vision: true, tools: true, webSearch: false, jsonMode: true },
    temperature: { min: 0, max: 2, default: 1 },
    pricing: { inputPerMillion: 2, outputPerMillion: 8, cachedInputPerMillion: 0.5 },
    rank: 77,
  },
  {
    provider: 'openrouter',
    id: 'anthropic/claude-sonnet-4',
    description:
      'Anthropic Claude Sonnet 4 through OpenRouter: coding, optional extended thinking; 200K context.',
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    capabilities: { thinking: true, vision: true, tools: true, webSearch: false, jsonMode: false },
    temperature: { min: 0, max: 1, default: 1 },
    pricing: { inputPerMillion: 3, outputPerMillion: 15, cachedInputPerMillion: 0.3 },
    rank: 88,
  },
  {
    provider: 'openrouter',
    id: 'google/gemini-2.5-pro',
    description:
      'Google Gemini 2.5 Pro through OpenRouter: always thinks; 1M context (prompts over 200K cost more).',
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    capabilities: { thinking: true, vision: true, tools: true, webSearch: false, jsonMode: true },
    temperature: { min: 0, max: 2, default: 1 },
    pricing: { inputPerMillion: 1.25, outputPerMillion: 10, cachedInputPerMillion: 0.31 },
    rank: 89,
  },
  {
    provider: 'openrouter',
    id: 'moonshotai/kimi-k2',
    description: 'Moonshot Kimi K2 through OpenRouter; 128K context.',
    contextWindow: 131_072,
    maxOutputTokens: 32_768,
    capabilities: { thinking: false, vision: false, tools: true, webSearch: false, jsonMode: true },
    temperature: { min: 0, max: 1, default: 0.6 },
    pricing: { inputPerMillion: 0.6, outputPerMillion: 2.5 },
    rank: 78,
  },
  {
    provider: 'openrouter',
    id: 'z-ai/glm-4.6',
    description: 'Z.ai GLM-4.6 through OpenRouter: thinking optional; 200K context.',
    contextWindow: 204_800,
    maxOutputTokens: 131_072,
    capabilities: { thinking: true, vision: false, tools: true, webSearch: false, jsonMode: true },
    temperature: { min: 0, max: 1, default: 1 },
    pricing: { inputPerMillion: 0.6, outputPerMillion: 2.2 },
    rank: 83,
  },
];
