/**
 * @exai/core — every export of this file is public API.
 *
 * Contracts (language models, providers), the model catalogue, the transport policy
 * (timeouts, retries, circuit breakers, bulkheads), the provider registry and the session store
 * contract.
 */
export * from './errors/index.js';
export type * from './language-model/v1/index.js';
export type * from './provider/v1/index.js';
export type { ModelCapabilities, ModelInfo } from './catalogue/model-info.js';
export { BUILTIN_PROVIDERS, builtinModels, type BuiltinProvider } from './catalogue/builtin-catalogue.js';
export { findModelInfo } from './catalogue/find-model-info.js';
export { estimateCostInUsd, type CostUsage } from './catalogue/estimate-cost-in-usd.js';
export { createProviderRegistry } from './registry/create-provider-registry.js';
export type {
  AutoRequirements,
  AutoTask,
  ProviderRegistry,
  ProviderRegistryOptions,
  RegistryCallMetadata,
  RegistryGenerateResult,
  RegistryStreamResult,
  ResolvedModel,
} from './registry/provider-registry.js';
export type * from './transport/transport.js';
export { createTransport } from './transport/create-transport.js';
export { getDefaultTransport } from './transport/default-transport.js';
export { parseRetryAfter } from './transport/parse-retry-after.js';
export { redactSecrets } from './transport/redact-secrets.js';
export {
  defaultConnectionsPerOrigin,
  defaultTransportBreaker,
  defaultTransportBulkhead,
  defaultTransportRetry,
  defaultTransportTimeouts,
} from './transport/transport-settings.js';
export * from './session-store/v1/index.js';
export { startExpirySweep, type ExpirySweep, type ExpirySweepOptions } from './session-store/expiry-sweep.js';
export {
  createMemorySessionStore,
  type MemorySessionStoreOptions,
} from './session-store/memory/memory-session-store.js';
export { createExaiServer, type CreateExaiServerOptions } from './server/create-exai-server.js';
export type { ExaiRuntime, ExaiRuntimeLimits, ProviderSummary } from './server/exai-runtime.js';
export { toolErrorResult } from './server/tool-error-result.js';
export * from './tools/index.js';
export { createFileService } from './files/create-file-service.js';
export {
  allowedRootsFromEnvironment,
  type AllowedRootsFromEnvironmentOptions,
} from './files/allowed-roots-from-environment.js';
export type {
  ExpandOptions,
  ExpandResult,
  ExpandSkippedPath,
  ExpandSkipReason,
  FileService,
  FileServiceOptions,
  ImageFile,
  ImageMediaType,
  TextFile,
} from './files/file-service.js';
