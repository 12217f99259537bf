export type { LanguageModelV1 } from './language-model-v1.js';
export type {
  LanguageModelV1CallOptions,
  LanguageModelV1FunctionTool,
  LanguageModelV1ToolChoice,
  LanguageModelV1QueueEvent,
  ThinkingLevel,
} from './language-model-v1-call-options.js';
export { thinkingLevels } from './language-model-v1-call-options.js';
export type {
  LanguageModelV1ImagePart,
  LanguageModelV1Message,
  LanguageModelV1Prompt,
  LanguageModelV1ReasoningPart,
  LanguageModelV1TextPart,
  LanguageModelV1ToolCallPart,
  LanguageModelV1ToolResultPart,
} from './language-model-v1-prompt.js';
export type {
  LanguageModelV1FinishReason,
  LanguageModelV1GenerateResult,
  LanguageModelV1ResponseMetadata,
  LanguageModelV1ToolCall,
  LanguageModelV1Usage,
  LanguageModelV1Warning,
} from './language-model-v1-result.js';
export type {
  LanguageModelV1StreamPart,
  LanguageModelV1StreamResult,
} from './language-model-v1-stream-part.js';
