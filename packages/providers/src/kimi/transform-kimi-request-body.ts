import type { LanguageModelV1CallOptions } from '@exai/core';
import type {
  OpenAICompatibleRequestBody,
  OpenAICompatibleRequestContext,
} from '../openai-compatible/index.js';

/**
 * Kimi's dialect: tool results carry the tool's `name`; thinking models always think (there is
 * no switch), so turning thinking off is reported, not sent.
 */
export function transformKimiRequestBody(
  body: OpenAICompatibleRequestBody,
  options: LanguageModelV1CallOptions,
  { modelId, modelInfo, warnings }: OpenAICompatibleRequestContext,
): OpenAICompatibleRequestBody {
  if (options.thinking?.enabled === false && modelInfo?.capabilities.thinking) {
    warnings.push({
      type: 'unsupported-setting',
      setting: 'thinking',
      message: `Model ${modelId} always thinks; thinking cannot be turned off.`,
    });
  }

  const toolNames = new Map<string, string>();
  for (const message of options.prompt) {
    if (message.role !== 'tool') continue;
    for (const part of message.content) toolNames.set(part.toolCallId, part.toolName);
  }
  if (toolNames.size === 0) return body;

  const messages = (body.messages as Array<Record<string, unknown>>).map((message) => {
    const name = message.role === 'tool' ? toolNames.get(message.tool_call_id as string) : undefined;
    return name === undefined ? message : { ...message, name };
  });
  return { ...body, messages };
}
