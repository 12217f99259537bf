import type { ModelInfo } from './model-info.js';

// Prices are USD list prices per million tokens at the time of writing; configuration can
// override them.

/** Reasoning models always think and reject `temperature`. */
const reasoning = {
  capabilities: { thinking: true, vision: true, tools: true, webSearch: false, jsonMode: true },
  temperature: { unsupported: true },
};
const chat = {
  capabilities: { thinking: false, vision: true, tools: true, webSearch: false, jsonMode: true },
  temperature: { min: 0, max: 2, default: 1 },
};

/** OpenAI models. */
export const openaiModels: readonly ModelInfo[] = [
  {
    provider: 'openai',
    id: 'gpt-5',
    description: 'GPT-5: reasoning model for coding and agentic work; 400K context.',
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    ...reasoning,
    pricing: { inputPerMillion: 1.25, outputPerMillion: 10, cachedInputPerMillion: 0.125 },
    rank: 92,
  },
  {
    provider: 'openai',
    id: 'gpt-5-mini',
    description: 'GPT-5 mini: a faster, cheaper GPT-5; 400K context.',
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    ...reasoning,
    pricing: { inputPerMillion: 0.25, outputPerMillion: 2, cachedInputPerMillion: 0.025 },
    rank: 82,
  },
  {
    provider: 'openai',
    id: 'gpt-5-nano',
    description: 'GPT-5 nano: the fastest, cheapest GPT-5; 400K context.',
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    ...reasoning,
    pricing: { inputPerMillion: 0.05, outputPerMillion: 0.4, cachedInputPerMillion: 0.005 },
    rank: 62,
  },
  {
    provider: 'openai',
    id: 'o3',
    description: 'o3: reasoning model for hard problems; 200K context.',
    contextWindow: 200_000,
    maxOutputTokens: 100_000,
    ...reasoning,
    pricing: { inputPerMillion: 2, outputPerMillion: 8, cachedInputPerMillion: 0.5 },
    rank: 90,
  },
  {
    provider: 'openai',
    id: 'o4-mini',
    description: 'o4-mini: fast, affordable reasoning; 200K context.',
    contextWindow: 200_000,
    maxOutputTokens: 100_000,
    ...reasoning,
    pricing: { inputPerMillion: 1.1, outputPerMillion: 4.4, cachedInputPerMillion: 0.275 },
    rank: 82,
  },
  {
    provider: 'openai',
    id: 'gpt-4.1',
    description: 'GPT-4.1: non-reasoning model with a 1M-token context, strong at instructions and coding.',
    contextWindow: 1_047_576,
    maxOutputTokens: 32_768,
    ...chat,
    pricing: { inputPerMillion: 2, outputPerMillion: 8, cachedInputPerMillion: 0.5 },
    rank: 78,
  },
  {
    provider: 'openai',
    id: 'gpt-4.1-mini',
    description: 'GPT-4.1 mini: a faster, cheaper GPT-4.1; 1M context.',
    contextWindow: 1_047_576,
    maxOutputTokens: 32_768,
    ...chat,
    pricing: { inputPerMillion: 0.4, outputPerMillion: 1.6, cachedInputPerMillion: 0.1 },
    rank: 66,
  },
  {
    provider: 'openai',
    id: 'gpt-4.1-nano',
    description: 'GPT-4.1 nano: the fastest, cheapest GPT-4.1; 1M context.',
    contextWindow: 1_047_576,
    maxOutputTokens: 32_768,
    ...chat,
    pricing: { inputPerMillion: 0.1, outputPerMillion: 0.4, cachedInputPerMillion: 0.025 },
    rank: 50,
  },
  {
    provider: 'openai',
    id: 'gpt-4o',
    description: 'GPT-4o: multimodal general-purpose model; 128K context.',
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    ...chat,
    pricing: { inputPerMillion: 2.5, outputPerMillion: 10, cachedInputPerMillion: 1.25 },
    rank: 70,
  },
  {
    provider: 'openai',
    id: 'gpt-4o-mini',
    description: 'GPT-4o mini: small, cheap multimodal model; 128K context.',
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    ...chat,
    pricing: { inputPerMillion: 0.15, outputPerMillion: 0.6, cachedInputPerMillion: 0.075 },
    rank: 50,
  },
];
