export type LanguageModelV1FinishReason =
  'stop' | 'length' | 'tool-calls' | 'content-filter' | 'error' | 'other' | 'unknown';

export interface LanguageModelV1Usage {
  inputTokens: number | undefined;
  outputTokens: number | undefined;
  /** Reasoning tokens, when the provider reports them separately. */
  reasoningTokens?: number | undefined;
  /** Input tokens served from the provider's prompt cache. */
  cachedInputTokens?: number | undefined;
  totalTokens: number | undefined;
}

export interface LanguageModelV1ToolCall {
  toolCallId: string;
  toolName: string;
  /** The arguments as JSON text. */
  input: string;
}

/** Something the model or provider could not honour, reported instead of thrown. */
export interface LanguageModelV1Warning {
  type: 'unsupported-setting' | 'other';
  setting?: string;
  message: string;
}

export interface LanguageModelV1ResponseMetadata {
  id?: string;
  /** The model id the upstream reports having used. */
  modelId?: string;
  timestamp?: Date;
  headers?: Record<string, string>;
}

export interface LanguageModelV1GenerateResult {
  text: string;
  /** Reasoning ("thinking") text, when the model produced any. */
  reasoning: string | undefined;
  toolCalls: LanguageModelV1ToolCall[];
  finishReason: LanguageModelV1FinishReason;
  usage: LanguageModelV1Usage;
  warnings: LanguageModelV1Warning[];
  response: LanguageModelV1ResponseMetadata;
  /** The request body as sent, for debugging. */
  request?: { body?: unknown };
}
