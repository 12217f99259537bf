/**
 * @exai/mcp — every export of this file is public API.
 *
 * exai's MCP application: `createExaiServer(runtime)` builds an `McpServer` with exai's tools; the
 * tool catalogue and profiles choose which tools it offers; `serveStdio` and `LineTransport` serve
 * it over stdin/stdout (for Streamable HTTP, see `@exai/server`). `defineTool` describes a tool of
 * your own in the same shape.
 */
export { createExaiServer, type CreateExaiServerOptions } from './mcp-server/create-exai-server.js';
export type {
  ExaiRuntime,
  ExaiRuntimeLimits,
  LogFields,
  ProviderSummary,
} from './mcp-server/exai-runtime.js';
export { toolErrorResult } from './mcp-server/tool-error-result.js';
export { defineTool, type AnyExaiTool, type ExaiTool, type ToolResult } from './tools/define-tool.js';
export type { ToolContext } from './tools/tool-context.js';
export type { ToolCaller } from './mcp-server/request-caller.js';
export { callerOf } from './mcp-server/request-caller.js';
export { cancelKeyToString, type CancelKey, type CancelRegistry } from './cancel/cancel-registry.js';
export {
  createMemoryCancelRegistry,
  type MemoryCancelRegistry,
  type MemoryCancelRegistryOptions,
} from './cancel/memory-cancel-registry.js';
export { createInFlightCalls, type InFlightCall, type InFlightCalls } from './cancel/in-flight-calls.js';
export { toolCatalogue, type ToolCatalogueEntry } from './tool-catalogue/tool-catalogue.js';
export {
  CLINK_AGENT_PRESETS,
  CLINK_ROLES,
  type ClinkAgentSettings,
  type ClinkOutputParser,
  type ClinkSettings,
} from './tools/clink/clink-settings.js';
export {
  selectTools,
  selectToolsFromEnvironment,
  type SelectToolsOptions,
  type ToolLoadError,
  type ToolSelection,
} from './tool-catalogue/select-tools.js';
export {
  DEFAULT_TOOL_PROFILE,
  isToolProfile,
  toolProfiles,
  type ToolProfile,
} from './tool-catalogue/tool-profile.js';
export { serveStdio, type ServeStdioOptions, type StdioServing } from './stdio/serve-stdio.js';
export {
  DEFAULT_MAX_MESSAGE_BYTES,
  LineTransport,
  type LineTransportOptions,
} from './stdio/line-transport.js';
export type {
  ToolCallAdmission,
  ToolCallLimits,
  ToolCallReservation,
  ToolCallSettlement,
} from './limits/tool-call-limits.js';
export { RateLimitedError, type RateLimitedErrorOptions } from './limits/rate-limited-error.js';
export { BudgetExhaustedError, type BudgetExhaustedErrorOptions } from './limits/budget-exhausted-error.js';
export { LimitsUnavailableError } from './limits/limits-unavailable-error.js';
export { EXPECTED_ANSWER_TOKENS } from './limits/with-call-limits.js';
export { redactForAudit, redactSecrets, looksSecret } from './audit/redact-for-audit.js';
export { redactToolArguments } from './audit/redact-tool-arguments.js';
export { auditAdminAction, ADMIN_AUDIT_TENANT, type AdminAuditInput } from './audit/audit-admin-action.js';
export type { ToolCallOutcome } from './audit/record-tool-call.js';
export {
  createStoreTaskStore,
  DEFAULT_TASK_POLL_INTERVAL_IN_MS,
  DEFAULT_TASK_TTL_IN_MS,
  MAX_TASK_TTL_IN_MS,
  type StoreTaskStoreOptions,
} from './tasks/store-task-store.js';
export type { ToolTasksOptions } from './tasks/create-tool-tasks.js';
export { runningToolTasksOf, type RunningToolTasks } from './tasks/running-tool-tasks.js';
export {
  createResponseCache,
  DEFAULT_CACHE_MAX_ENTRY_BYTES,
  DEFAULT_CACHE_TTL_IN_MS,
  type ResponseCache,
  type ResponseCacheOptions,
} from './response-cache/response-cache.js';
export type { CachedToolResult, ResponseCacheBackend } from './response-cache/response-cache-backend.js';
export {
  createMemoryResponseCacheBackend,
  DEFAULT_CACHE_MAX_BYTES,
  DEFAULT_CACHE_MAX_ENTRIES,
  type MemoryResponseCacheBackendOptions,
} from './response-cache/memory-response-cache-backend.js';
export { planSpecs, type ToolResponseCache } from './response-cache/tool-response-cache.js';
