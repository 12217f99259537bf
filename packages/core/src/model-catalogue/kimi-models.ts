import type { ModelInfo } from './model-info.js';

// Prices are USD list prices per million tokens at the time of writing (cache-miss input;
// `cachedInputPerMillion` is the cache-hit price); configuration can override them.

/** Kimi accepts temperatures in [0, 1]; K2 is tuned for 0.6. */
const k2Temperature = { min: 0, max: 1, default: 0.6 };
/** The thinking models are tuned for 1.0. */
const thinkingTemperature = { min: 0, max: 1, default: 1 };
/** The moonshot-v1 family's recommended default. */
const v1Temperature = { min: 0, max: 1, default: 0.3 };

/** Text models call tools, answer as JSON, and can use the builtin `$web_search` tool. */
const textCapabilities = { thinking: false, vision: false, tools: true, webSearch: true, jsonMode: true };
/** The vision previews are listed without tools or web search: neither is documented for them. */
const visionPreviewCapabilities = { thinking: false, vision: true, tools: false, webSearch: false };

/** Kimi (Moonshot AI) models. */
export const kimiModels: readonly ModelInfo[] = [
  {
    provider: 'kimi',
    id: 'kimi-k2-0905-preview',
    aliases: ['kimi-k2', 'kimi-k2-0905'],
    description: 'Kimi K2 (September 2025): strong at coding and agentic tool use; 256K context.',
    contextWindow: 262_144,
    maxOutputTokens: 32_768,
    capabilities: textCapabilities,
    temperature: k2Temperature,
    pricing: { inputPerMillion: 0.6, outputPerMillion: 2.5, cachedInputPerMillion: 0.15 },
    rank: 80,
  },
  {
    provider: 'kimi',
    id: 'kimi-k2-turbo-preview',
    aliases: ['kimi-k2-turbo'],
    description: 'Kimi K2 on a high-speed deployment; 256K context.',
    contextWindow: 262_144,
    maxOutputTokens: 32_768,
    capabilities: textCapabilities,
    temperature: k2Temperature,
    pricing: { inputPerMillion: 1.15, outputPerMillion: 8, cachedInputPerMillion: 0.15 },
    rank: 79,
  },
  {
    provider: 'kimi',
    id: 'kimi-k2-thinking',
    description:
      'Kimi K2 Thinking: always reasons before answering, interleaved with tool calls; 256K context.',
    contextWindow: 262_144,
    maxOutputTokens: 65_536,
    capabilities: { ...textCapabilities, thinking: true },
    temperature: thinkingTemperature,
    pricing: { inputPerMillion: 0.6, outputPerMillion: 2.5, cachedInputPerMillion: 0.15 },
    rank: 86,
  },
  {
    provider: 'kimi',
    id: 'kimi-k2-thinking-turbo',
    description: 'Kimi K2 Thinking on a high-speed deployment; 256K context.',
    contextWindow: 262_144,
    maxOutputTokens: 65_536,
    capabilities: { ...textCapabilities, thinking: true },
    temperature: thinkingTemperature,
    pricing: { inputPerMillion: 1.15, outputPerMillion: 8, cachedInputPerMillion: 0.15 },
    rank: 85,
  },
  {
    provider: 'kimi',
    id: 'kimi-latest',
    description:
      'The model behind the Kimi assistant, with vision; 128K context. Billed by context tier ' +
      '(8K: $0.20/$2.00, 32K: $1.00/$3.00, 128K: $2.00/$5.00); the 128K tier is listed.',
    contextWindow: 131_072,
    maxOutputTokens: 32_768,
    capabilities: { ...textCapabilities, vision: true },
    temperature: v1Temperature,
    pricing: { inputPerMillion: 2, outputPerMillion: 5, cachedInputPerMillion: 0.15 },
    rank: 60,
  },
  {
    provider: 'kimi',
    id: 'moonshot-v1-8k',
    description: 'Moonshot v1, 8K context (input and output together).',
    contextWindow: 8_192,
    maxOutputTokens: 4_096,
    capabilities: textCapabilities,
    temperature: v1Temperature,
    pricing: { inputPerMillion: 0.2, outputPerMillion: 2 },
    rank: 35,
  },
  {
    provider: 'kimi',
    id: 'moonshot-v1-32k',
    description: 'Moonshot v1, 32K context (input and output together).',
    contextWindow: 32_768,
    maxOutputTokens: 16_384,
    capabilities: textCapabilities,
    temperature: v1Temperature,
    pricing: { inputPerMillion: 1, outputPerMillion: 3 },
    rank: 37,
  },
  {
    provider: 'kimi',
    id: 'moonshot-v1-128k',
    description: 'Moonshot v1, 128K context (input and output together).',
    contextWindow: 131_072,
    maxOutputTokens: 32_768,
    capabilities: textCapabilities,
    temperature: v1Temperature,
    pricing: { inputPerMillion: 2, outputPerMillion: 5 },
    rank: 39,
  },
  {
    provider: 'kimi',
    id: 'moonshot-v1-8k-vision-preview',
    description: 'Moonshot v1 with image input, 8K context.',
    contextWindow: 8_192,
    maxOutputTokens: 4_096,
    capabilities: visionPreviewCapabilities,
    temperature: v1Temperature,
    pricing: { inputPerMillion: 0.2, outputPerMillion: 2 },
    rank: 30,
  },
  {
    provider: 'kimi',
    id: 'moonshot-v1-32k-vision-preview',
    description: 'Moonshot v1 with image input, 32K context.',
    contextWindow: 32_768,
    maxOutputTokens: 16_384,
    capabilities: visionPreviewCapabilities,
    temperature: v1Temperature,
    pricing: { inputPerMillion: 1, outputPerMillion: 3 },
    rank: 31,
  },
  {
    provider: 'kimi',
    id: 'moonshot-v1-128k-vision-preview',
    description: 'Moonshot v1 with image input, 128K context.',
    contextWindow: 131_072,
    maxOutputTokens: 32_768,
    capabilities: visionPreviewCapabilities,
    temperature: v1Temperature,
    pricing: { inputPerMillion: 2, outputPerMillion: 5 },
    rank: 32,
  },
];
