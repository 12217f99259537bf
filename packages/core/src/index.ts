/**
 * @exai/core — every export of this file is public API.
 *
 * What a script needs to call models without MCP: the errors, the language model and provider
 * contracts, the model catalogue, the provider registry (model resolution, `auto`, fallbacks), the
 * HTTP transport policy (timeouts, retries, circuit breakers, bulkheads), the session store
 * contract with its memory adapter, and the FileService. Helpers that exai's own packages share
 * live in `@exai/core/internal`; the store contract suite in `@exai/core/test`.
 */

// Errors: one class per failure, each with a stable `code` and `isRetryable`.
export { ExaiError, type ExaiErrorOptions } from './errors/exai-error.js';
export { AbortedError } from './errors/aborted-error.js';
export { AllModelsFailedError, type FallbackAttempt } from './errors/all-models-failed-error.js';
export {
  ApiCallError,
  codeForStatus,
  isRetryableStatus,
  type ApiCallErrorOptions,
} from './errors/api-call-error.js';
export { BinaryFileError, type BinaryFileErrorOptions } from './errors/binary-file-error.js';
export { BlockedAddressError, type BlockedAddressErrorOptions } from './errors/blocked-address-error.js';
export { CircuitOpenError, type CircuitOpenErrorOptions } from './errors/circuit-open-error.js';
export { FileNotFoundError, type FileNotFoundErrorOptions } from './errors/file-not-found-error.js';
export { FileTooLargeError, type FileTooLargeErrorOptions } from './errors/file-too-large-error.js';
export { AnswerTooLargeError, type AnswerTooLargeErrorOptions } from './errors/answer-too-large-error.js';
export { EmptyAnswerError, type EmptyAnswerErrorOptions } from './errors/empty-answer-error.js';
export { InvalidArgumentError } from './errors/invalid-argument-error.js';
export {
  ContextWindowExceededError,
  type ContextWindowExceededErrorOptions,
} from './errors/context-window-exceeded-error.js';
export { InvalidConfigError, type InvalidConfigErrorOptions } from './errors/invalid-config-error.js';
export { InvalidResponseError, type InvalidResponseErrorOptions } from './errors/invalid-response-error.js';
export {
  describeMissingApiKeyForUsers,
  MissingApiKeyError,
  type MissingApiKeyErrorOptions,
} from './errors/missing-api-key-error.js';
export { ModelNotAllowedError, type ModelNotAllowedErrorOptions } from './errors/model-not-allowed-error.js';
export { NetworkError, type NetworkErrorOptions } from './errors/network-error.js';
export { NoSuchModelError, type NoSuchModelErrorOptions } from './errors/no-such-model-error.js';
export { OverCapacityError, type OverCapacityErrorOptions } from './errors/over-capacity-error.js';
export {
  PathNotAllowedError,
  type PathNotAllowedErrorOptions,
  type PathNotAllowedRule,
} from './errors/path-not-allowed-error.js';
export { RecordExistsError } from './errors/record-exists-error.js';
export { RecordNotFoundError } from './errors/record-not-found-error.js';
export { StoreUnavailableError } from './errors/store-unavailable-error.js';
export { StreamError, type StreamErrorOptions } from './errors/stream-error.js';
export { TimeoutError, type TimeoutErrorOptions, type TimeoutPhase } from './errors/timeout-error.js';
export { UnsupportedImageError } from './errors/unsupported-image-error.js';

// The language model and provider contracts (implemented by @exai/providers).
export type { LanguageModelV1 } from './language-model/v1/language-model-v1.js';
export type {
  LanguageModelV1CallOptions,
  LanguageModelV1FunctionTool,
  LanguageModelV1ToolChoice,
  LanguageModelV1QueueEvent,
  ThinkingLevel,
} from './language-model/v1/language-model-v1-call-options.js';
export { thinkingLevels } from './language-model/v1/language-model-v1-call-options.js';
export type {
  LanguageModelV1ImagePart,
  LanguageModelV1Message,
  LanguageModelV1Prompt,
  LanguageModelV1ReasoningPart,
  LanguageModelV1TextPart,
  LanguageModelV1ToolCallPart,
  LanguageModelV1ToolResultPart,
} from './language-model/v1/language-model-v1-prompt.js';
export type {
  LanguageModelV1FinishReason,
  LanguageModelV1GenerateResult,
  LanguageModelV1ResponseMetadata,
  LanguageModelV1ToolCall,
  LanguageModelV1Usage,
  LanguageModelV1Warning,
} from './language-model/v1/language-model-v1-result.js';
export type {
  LanguageModelV1StreamPart,
  LanguageModelV1StreamResult,
} from './language-model/v1/language-model-v1-stream-part.js';
export type { FilesV1, FilesV1Upload, ProviderFileV1 } from './provider/v1/files-v1.js';
export type { ProviderV1 } from './provider/v1/provider-v1.js';
export type { WebSearchV1, WebSearchV1Options, WebSearchV1Result } from './provider/v1/web-search-v1.js';

// The model catalogue: data about every built-in model.
export type { ModelCapabilities, ModelInfo } from './model-catalogue/model-info.js';
export {
  BUILTIN_PROVIDERS,
  builtinModels,
  type BuiltinProvider,
} from './model-catalogue/builtin-catalogue.js';
export { findModelInfo } from './model-catalogue/find-model-info.js';
export { estimateCostInUsd, type CostUsage } from './model-catalogue/estimate-cost-in-usd.js';

// The provider registry: model names, `auto`, allow/deny lists and fallback chains.
export { createProviderRegistry } from './registry/create-provider-registry.js';
export { withModelSource } from './registry/model-source-note.js';
export type {
  AutoChoice,
  AutoRequirements,
  AutoTask,
  ModelCallPlan,
  ModelTarget,
  ProviderRegistry,
  ProviderRegistryOptions,
  RegistryCallMetadata,
  RegistryGenerateResult,
  RegistryStreamResult,
  ResolvedModel,
} from './registry/provider-registry.js';

// The HTTP transport policy every provider request goes through.
export type {
  BulkheadStatus,
  CircuitState,
  CircuitStatus,
  HttpMethod,
  HttpTransport,
  TransportBreakerSettings,
  TransportBulkheadSettings,
  TransportEvent,
  TransportQueueEvent,
  TransportRequestOptions,
  TransportResponse,
  TransportResponseBase,
  TransportRetrySettings,
  HttpTransportSettings,
  TransportStreamResponse,
  TransportTarget,
  TransportTimeouts,
} from './transport/transport.js';
export { createHttpTransport } from './transport/create-transport.js';
export type { ConnectLookup } from './transport/guarded-lookup.js';
export { getDefaultHttpTransport } from './transport/default-transport.js';
export {
  connectionsForBulkheads,
  defaultTransportBreaker,
  defaultTransportBulkhead,
  defaultTransportRetry,
  defaultTransportTimeouts,
} from './transport/transport-settings.js';
export { redactSecrets } from './transport/redact-secrets.js';

// The session store contract, its memory adapter and the expiry sweep.
export type { SessionStoreV1 } from './session-store/v1/session-store-v1.js';
export {
  DEFAULT_TENANT_ID,
  type ApiKeyRecord,
  type AuditEventRecord,
  type FileRecord,
  type TenantId,
  type TenantRecord,
  type ThreadRecord,
  type TurnRecord,
  type TurnRole,
  type UsageRecord,
  type UsageStatus,
  type WorkflowStateRecord,
} from './session-store/v1/session-store-records.js';
export { printableTenantId, requireTenantId, tenantIdProblem } from './session-store/tenant-id.js';
export type {
  AppendAuditInput,
  AppendTurnInput,
  AppendTurnResult,
  CommitTurnAudit,
  CommitTurnInput,
  CommitTurnMessage,
  CommitTurnResult,
  CommitTurnThread,
  CommitTurnUsage,
  CreateApiKeyInput,
  CreateTenantInput,
  CreateThreadInput,
  ExpireResult,
  ListAuditOptions,
  ListThreadsOptions,
  ListTurnsOptions,
  Page,
  PageOptions,
  PutFileRecordInput,
  RecordUsageInput,
  UsageQuery,
  UsageSummaryRow,
} from './session-store/v1/session-store-inputs.js';
export type { ImportResult, StoreRecord, StoreRecordType } from './session-store/v1/store-backup-record.js';
export { maxCommitTurns } from './session-store/commit-turn-keys.js';
export type {
  DeleteTenantDataAudit,
  DeleteTenantDataInput,
  PruneOptions,
  PruneResult,
  SessionStoreTenantDataV1,
  TenantDataCounts,
} from './session-store/v1/session-store-tenant-data.js';
export type {
  AppendStreamEventInput,
  CreateTaskInput,
  SessionStoreTasksV1,
  StreamEventRecord,
  StreamReplay,
  TaskRecord,
  TaskStatus,
  UpdateTaskInput,
  UpdateTaskResult,
} from './session-store/v1/session-store-tasks.js';
export { terminalTaskStatuses } from './session-store/v1/session-store-tasks.js';
export {
  createMemorySessionStore,
  type MemorySessionStoreOptions,
} from './session-store/memory/memory-session-store.js';
export {
  startExpirySweep,
  type ExpirySweep,
  type ExpirySweepOptions,
  type SweepResult,
} from './session-store/expiry-sweep.js';
export {
  applyRetention,
  hasRetention,
  retentionCutoffs,
  type RetentionPolicy,
} from './session-store/retention-policy.js';
// Provider uploads (Kimi's files API): references held by threads, and their deletion upstream.
export {
  collectProviderFiles,
  type CollectProviderFilesOptions,
  type ProviderFileCollection,
  type ProviderFileFailure,
} from './files/collect-provider-files.js';
export {
  PROVIDER_FILES_METADATA_KEY,
  deleteThreadAndReleaseFiles,
  providerFileReferences,
  releaseThreadFiles,
  type ProviderFileReference,
} from './files/provider-file-references.js';
export { providerFilesLookup } from './files/provider-files-lookup.js';

// The FileService: the only way exai reads the disk (allowed roots, deny list, size caps).
export { createFileService } from './files/create-file-service.js';
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

// Observability: telemetry hooks that metrics and the dashboard listen to.
export {
  emitTelemetry,
  onTelemetry,
  telemetryEnabled,
  type TelemetryAttributes,
  type TelemetryEvent,
  type TelemetryListener,
  type TelemetryOutcome,
} from './observability/telemetry-events.js';
// OpenTelemetry spans (no-op until an SDK is registered): tool calls, provider attempts, store operations.
export { EXAI_TRACER_NAME } from './observability/exai-tracer.js';
export { recordToolError, traceToolCall, tracedToolHandler } from './observability/trace-tool-call.js';
export { withStoreTelemetry } from './observability/with-store-telemetry.js';
