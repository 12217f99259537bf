import type { LanguageModelV1CallOptions, ThinkingLevel } from '@exai/core';
import type {
  OpenAICompatibleRequestBody,
  OpenAICompatibleRequestContext,
} from '../openai-compatible/index.js';

/** OpenAI's `reasoning_effort` for each thinking level (`max` is its highest, `high`). */
const reasoningEffort: Record<ThinkingLevel, string> = {
  minimal: 'minimal',
  low: 'low',
  medium: 'medium',
  high: 'high',
  max: 'high',
};

/**
 * OpenAI's dialect: `max_completion_tokens` (reasoning models reject `max_tokens`), and thinking
 * as `reasoning_effort` for models the catalogue marks as thinking.
 */
export function transformOpenAIRequestBody(
  body: OpenAICompatibleRequestBody,
  options: LanguageModelV1CallOptions,
  { modelId, modelInfo, warnings }: OpenAICompatibleRequestContext,
): OpenAICompatibleRequestBody {
  const { max_tokens: maxTokens, ...rest } = body;
  const result: OpenAICompatibleRequestBody =
    maxTokens === undefined ? rest : { ...rest, max_completion_tokens: maxTokens };

  if (options.thinking?.enabled) {
    if (modelInfo?.capabilities.thinking) {
      result.reasoning_effort = reasoningEffort[options.thinking.level ?? 'medium'];
    } else if (modelInfo === undefined) {
      warnings.push({
        type: 'unsupported-setting',
        setting: 'thinking',
        message:
          `Model ${modelId} is not in the catalogue, so thinking was not sent; ` +
          'pass providerOptions.openai.reasoning_effort to ask for it.',
      });
    }
  }
  return result;
}
