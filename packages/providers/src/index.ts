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
export {
  BUILTIN_PROVIDER_IDS,
  exaiConfigSchema,
  type BuiltinProviderConfig,
  type BuiltinProviderId,
  type ConfigModel,
  type CustomEndpointConfig,
  type ExaiConfig,
  type ExaiConfigInput,
} from './config/exai-config-schema.js';
export {
  createProvidersFromConfig,
  type CreateProvidersFromConfigOptions,
  type ProviderStatus,
} from './config/create-providers-from-config.js';
export {
  loadExaiConfig,
  parseExaiConfig,
  type LoadExaiConfigOptions,
  type LoadedExaiConfig,
} from './config/load-exai-config.js';
export { transportSettingsFromConfig } from './config/transport-settings-from-config.js';
