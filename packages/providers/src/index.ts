/**
 * @exai/providers — every export of this file is public API.
 *
 * Kimi, GLM, OpenAI, OpenRouter, Ollama and any OpenAI-compatible endpoint, each a thin layer
 * over `createOpenAICompatible`. Every provider is callable (`kimi('kimi-k2')` gives a model),
 * reads its key lazily, and sends every request through an `@exai/core` transport.
 */
export * from './openai-compatible/index.js';
export * from './kimi/index.js';
export * from './glm/index.js';
export * from './openai/index.js';
export * from './openrouter/index.js';
export * from './ollama/index.js';
export { builtinConnections, type BuiltinConnection } from './builtin-connections.js';
