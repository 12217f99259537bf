import type { FileService, ProviderRegistry, SessionStoreV1, HttpTransport } from '@exai/core';
import type { ClinkSettings } from '../tools/clink/clink-settings.js';
import type { ToolCallLimits } from '../limits/tool-call-limits.js';
import type { InFlightCalls } from '../cancel/in-flight-calls.js';
import type { ResponseCache } from '../response-cache/response-cache.js';

/** What `status` says about a configured provider (never its key). */
export interface ProviderSummary {
  id: string;
  baseURL: string;
  apiKey: 'set' | 'missing' | 'not-required';
  /** Environment variables the key is read from, first wins. */
  apiKeyEnvironmentVariables?: readonly string[];
}

/** Limits a server applies to conversations. */
export interface ExaiRuntimeLimits {
  /** Most turns one thread may hold; a call that would pass it fails. Default 100. */
  maxTurns?: number;
  /** How long a thread lives after its latest turn. Default 3 hours. */
  threadTtlInMs?: number;
  /** Results longer than this many tokens are stored and returned in pages. Default 20 000. */
  maxResultTokens?: number;
  /**
   * Most UTF-8 bytes of text one model answer may take. Past it the upstream stream is closed, the
   * call fails with `answer_too_large` and the part received is kept as a paged result. Default
   * 2 MiB.
   */
  maxAnswerBytes?: number;
  /**
   * How often a model-backed tool sends a progress notification (when the client asked for
   * progress), from the start of the call to its end. Default 5 000.
   */
  progressIntervalInMs?: number;
}

/** Everything the tools need: models, storage, identity and limits. */
export interface ExaiRuntime {
  registry: ProviderRegistry;
  store: SessionStoreV1;
  /** The version reported to clients and by the `version` tool. */
  version: string;
  /** Default `default`. */
  tenantId?: string;
  limits?: ExaiRuntimeLimits;
  /**
   * Tenant limits on model calls (tokens per minute, concurrent calls, budgets), admitted before
   * each call and settled after it. Default: none.
   */
  callLimits?: ToolCallLimits;
  /**
   * The only way tools read files. Default: a FileService whose one allowed root is the
   * process's working directory.
   */
  files?: FileService;
  /** Tools that were asked for but failed to load; `status` reports them. */
  toolLoadErrors?: readonly { name: string; message: string }[];
  /** The transport the providers share, for `status` (circuit breaker and bulkhead states). */
  transport?: HttpTransport;
  /** The configured providers, for `status`. */
  providers?: readonly ProviderSummary[];
  /** The tool profile in effect, for `status`. */
  toolProfile?: string;
  /**
   * Default model per tool name (`tools.<name>.model` in exai.config.json), used when a call
   * names no model.
   */
  toolModels?: Readonly<Record<string, string>>;
  /** Where `toolModels` were written (a config file path), named when one does not resolve. */
  toolModelsSource?: string;
  /**
   * The user's locale (e.g. `fr-FR`, `ja`): every model-backed tool asks its model to answer in
   * it. Default: none (models answer in the language of the question).
   */
  locale?: string;
  /**
   * The command-line agents `clink` may run (`clink` in exai.config.json), merged over the
   * built-in presets. Default: the presets only.
   */
  clink?: ClinkSettings;
  /**
   * Tracks the tool calls in flight, so a stopping daemon can wait for them and then cancel the
   * rest (`createInFlightCalls`). Default: not tracked.
   */
  inFlightCalls?: InFlightCalls;
  /**
   * The opt-in response cache (`createResponseCache`): identical fresh calls of the tools it
   * serves get the earlier result. Default: none (docs/caching.md).
   */
  responseCache?: ResponseCache;
  /**
   * Receives diagnostic lines. Under stdio they must go to stderr, never stdout. A line logged for
   * one request comes with `fields`: its correlation id and tenant, for structured loggers.
   */
  logger?: (line: string, fields?: LogFields) => void;
}

/** Who a log line is about: the request's correlation id and the caller's tenant. */
export interface LogFields {
  correlationId?: string;
  tenantId?: string;
}

export const DEFAULT_MAX_TURNS = 100;
export const DEFAULT_MAX_ANSWER_BYTES = 2 * 1024 * 1024;
export const DEFAULT_THREAD_TTL_IN_MS = 3 * 60 * 60 * 1000;
