import type { LanguageModelV1Prompt } from './language-model-v1-prompt.js';

/** A function tool the model may call. */
export interface LanguageModelV1FunctionTool {
  type: 'function';
  name: string;
  description?: string;
  /** A JSON Schema object describing the arguments. */
  inputSchema: Record<string, unknown>;
}

export type LanguageModelV1ToolChoice =
  { type: 'auto' } | { type: 'none' } | { type: 'required' } | { type: 'tool'; toolName: string };

/** A request waiting for (`queued`) or getting (`dequeued`) a slot of its provider's bulkhead. */
export type LanguageModelV1QueueEvent =
  | {
      type: 'queued';
      provider: string;
      /** 1 for the first in line. */ position: number;
      maxConcurrent: number;
    }
  | { type: 'dequeued'; provider: string; waitedInMs: number };
/** How hard a model should think, from least to most; each provider maps it to its own setting. */
export const thinkingLevels = ['minimal', 'low', 'medium', 'high', 'max'] as const;
export type ThinkingLevel = (typeof thinkingLevels)[number];

export interface LanguageModelV1CallOptions {
  prompt: LanguageModelV1Prompt;
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  stopSequences?: string[];
  seed?: number;
  tools?: LanguageModelV1FunctionTool[];
  toolChoice?: LanguageModelV1ToolChoice;
  /** Ask the model to think before answering, where it can. Ignored (with a warning) otherwise. */
  thinking?: { enabled: boolean; level?: ThinkingLevel; budgetTokens?: number };
  /** Let the model search the web, where the provider offers it. */
  webSearch?: boolean;
  /** Aborting closes the upstream connection. */
  abortSignal?: AbortSignal;
  /**
   * Told when the request waits for a slot of the provider's bulkhead and when it gets one
   * (passed to the transport's `onQueue`), e.g. to say `queued` in progress.
   */
  onQueue?: (event: LanguageModelV1QueueEvent) => void;
  /** Extra HTTP headers for this call. */
  headers?: Record<string, string>;
  /**
   * Stamped on the telemetry events this call causes (passed to the transport's `telemetry`):
   * the tenant it is made for. Never sent upstream.
   */
  telemetry?: { tenantId?: string };
  /**
   * Provider-specific request fields, keyed by provider id, merged into the request body,
   * e.g. `{ glm: { do_sample: false } }`.
   */
  providerOptions?: Record<string, Record<string, unknown>>;
}
