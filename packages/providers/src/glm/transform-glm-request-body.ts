import type { LanguageModelV1CallOptions } from '@exai/core';
import type {
  OpenAICompatibleRequestBody,
  OpenAICompatibleRequestContext,
} from '../openai-compatible/index.js';

/** GLM's dialect: `thinking: {type: 'enabled' | 'disabled'}` for models that think. */
export function transformGlmRequestBody(
  body: OpenAICompatibleRequestBody,
  options: LanguageModelV1CallOptions,
  { modelInfo }: OpenAICompatibleRequestContext,
): OpenAICompatibleRequestBody {
  if (options.thinking === undefined || modelInfo?.capabilities.thinking === false) return body;
  return { ...body, thinking: { type: options.thinking.enabled ? 'enabled' : 'disabled' } };
}
