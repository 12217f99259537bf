/**
 * exai (the CLI package) — every export of this file is public API.
 *
 * The `exai` command line, runnable in-process (for tests and embedding), and how it reads
 * `exai.config.json` and builds providers and transport settings from it.
 */
export { runCli, type RunCliOptions } from './program.js';
export { CLI_VERSION } from './version.js';
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
  loadExaiConfig,
  parseExaiConfig,
  type LoadExaiConfigOptions,
  type LoadedExaiConfig,
} from './config/load-exai-config.js';
export {
  createProvidersFromConfig,
  type CreateProvidersFromConfigOptions,
  type ProviderStatus,
} from './config/create-providers-from-config.js';
export { transportSettingsFromConfig } from './config/transport-settings-from-config.js';
