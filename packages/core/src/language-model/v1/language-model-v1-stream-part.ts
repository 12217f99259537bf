import type {
  LanguageModelV1FinishReason,
  LanguageModelV1ResponseMetadata,
  LanguageModelV1ToolCall,
  LanguageModelV1Usage,
  LanguageModelV1Warning,
} from './language-model-v1-result.js';

/** The parts a streamed call yields, in order. Names are noun-verb. */
export type LanguageModelV1StreamPart =
  | { type: 'stream-start'; warnings: LanguageModelV1Warning[] }
  | ({ type: 'response-metadata' } & LanguageModelV1ResponseMetadata)
  | { type: 'text-delta'; delta: string }
  | { type: 'reasoning-delta'; delta: string }
  | ({ type: 'tool-call' } & LanguageModelV1ToolCall)
  | { type: 'finish'; finishReason: LanguageModelV1FinishReason; usage: LanguageModelV1Usage }
  | { type: 'error'; error: unknown };

export interface LanguageModelV1StreamResult {
  /**
   * The parts, as they arrive. Breaking out of the iteration or aborting the call's
   * signal closes the upstream connection.
   */
  stream: AsyncIterable<LanguageModelV1StreamPart>;
  request?: { body?: unknown };
  response?: { headers?: Record<string, string> };
}
