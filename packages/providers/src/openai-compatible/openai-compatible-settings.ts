import type {
  LanguageModelV1CallOptions,
  LanguageModelV1Warning,
  ModelInfo,
  HttpTransport,
} from '@exai/core';

/** A chat completions request body, as JSON. */
export type OpenAICompatibleRequestBody = Record<string, unknown>;

/** What a request body transform knows about the call. */
export interface OpenAICompatibleRequestContext {
  /** The provider id. */
  provider: string;
  /** The model id sent upstream (aliases already resolved). */
  modelId: string;
  /** The catalogue entry, when the model is in the catalogue. */
  modelInfo: ModelInfo | undefined;
  /** Whether this is a streamed call. */
  stream: boolean;
  /** Push warnings here; they are returned with the result. */
  warnings: LanguageModelV1Warning[];
}

/** How a provider honours `webSearch: true`. */
export interface OpenAICompatibleWebSearchSettings {
  /** The entry added to the request's `tools`. */
  tool: Record<string, unknown>;
  /**
   * A builtin tool the server runs itself but which the client must answer: when the model
   * finishes with calls to it, the call's arguments are sent back unchanged as the tool result
   * and the model is called again (Kimi's `$web_search`).
   */
  echoToolName?: string;
  /** Rounds of that loop before giving up. Default 5. */
  maxRounds?: number;
}

export interface OpenAICompatibleProviderSettings {
  /** The provider id, e.g. `kimi`, or a custom endpoint's name. Also the `providerOptions` key. */
  name: string;
  /** The API base URL, e.g. `https://api.moonshot.ai/v1`; `/chat/completions` is appended. */
  baseURL: string;
  /** When this environment variable is set (read at call time), it replaces `baseURL`. */
  baseURLEnvironmentVariable?: string;
  /** The API key. Default: the first set variable of `apiKeyEnvironmentVariables`. */
  apiKey?: string;
  /** Environment variables holding the key, first wins. */
  apiKeyEnvironmentVariables?: readonly string[];
  /** Whether a call without a key fails with `MissingApiKeyError`. Default true. */
  requiresApiKey?: boolean;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** Query parameters added to every request URL. */
  queryParams?: Record<string, string>;
  /** Where requests are sent through. Default: the shared `getDefaultHttpTransport()`. */
  transport?: HttpTransport;
  /** The catalogue of this provider's models, for aliases and limits. */
  models?: readonly ModelInfo[];
  /** Where environment variables are read from, at call time. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Adjusts each request body to the provider's dialect, before `providerOptions` are merged. */
  transformRequestBody?: (
    body: OpenAICompatibleRequestBody,
    options: LanguageModelV1CallOptions,
    context: OpenAICompatibleRequestContext,
  ) => OpenAICompatibleRequestBody;
  /** Whether streamed calls ask for usage with `stream_options.include_usage`. Default true. */
  supportsStreamUsage?: boolean;
  /** How `webSearch: true` is honoured. Without it, the option is ignored with a warning. */
  webSearch?: OpenAICompatibleWebSearchSettings;
}
