import type {
  LanguageModelV1CallOptions,
  LanguageModelV1ToolChoice,
  LanguageModelV1Warning,
  ModelInfo,
} from '@exai/core';
import { convertToOpenAICompatibleMessages } from './convert-to-openai-compatible-messages.js';
import type {
  OpenAICompatibleProviderSettings,
  OpenAICompatibleRequestBody,
} from './openai-compatible-settings.js';

export interface PrepareChatRequestBodyOptions {
  provider: string;
  modelId: string;
  modelInfo: ModelInfo | undefined;
  stream: boolean;
  settings: Pick<
    OpenAICompatibleProviderSettings,
    'transformRequestBody' | 'supportsStreamUsage' | 'webSearch'
  >;
}

/**
 * Maps call options to a chat completions body: the catalogue's limits applied (with warnings),
 * the provider's transform, then `providerOptions[provider]` merged over the result.
 */
export function prepareChatRequestBody(
  options: LanguageModelV1CallOptions,
  { provider, modelId, modelInfo, stream, settings }: PrepareChatRequestBodyOptions,
): { body: OpenAICompatibleRequestBody; warnings: LanguageModelV1Warning[] } {
  const warnings: LanguageModelV1Warning[] = [];
  let body: OpenAICompatibleRequestBody = {
    model: modelId,
    messages: convertToOpenAICompatibleMessages(options.prompt),
  };

  const maxTokens = capMaxTokens(options.maxOutputTokens, modelInfo, warnings);
  if (maxTokens !== undefined) body.max_tokens = maxTokens;
  const temperature = fitTemperature(options.temperature, modelInfo, warnings);
  if (temperature !== undefined) body.temperature = temperature;
  if (options.topP !== undefined) body.top_p = options.topP;
  if (options.stopSequences !== undefined && options.stopSequences.length > 0)
    body.stop = options.stopSequences;
  if (options.seed !== undefined) body.seed = options.seed;

  const tools: Array<Record<string, unknown>> = (options.tools ?? []).map((tool) => ({
    type: 'function',
    function: {
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      parameters: tool.inputSchema,
    },
  }));
  if (options.webSearch) {
    if (settings.webSearch) tools.push(settings.webSearch.tool);
    else {
      warnings.push({
        type: 'unsupported-setting',
        setting: 'webSearch',
        message: `Provider ${provider} has no web search; the webSearch option was ignored.`,
      });
    }
  }
  if (tools.length > 0) body.tools = tools;
  if (options.toolChoice !== undefined) body.tool_choice = mapToolChoice(options.toolChoice);

  if (options.thinking?.enabled && modelInfo?.capabilities.thinking === false) {
    warnings.push({
      type: 'unsupported-setting',
      setting: 'thinking',
      message: `Model ${modelId} does not think; the thinking option was ignored.`,
    });
  }

  if (stream) {
    body.stream = true;
    if (settings.supportsStreamUsage !== false) body.stream_options = { include_usage: true };
  }

  if (settings.transformRequestBody) {
    body = settings.transformRequestBody(body, options, { provider, modelId, modelInfo, stream, warnings });
  }

  const extra = options.providerOptions?.[provider];
  if (extra !== undefined) body = { ...body, ...extra };

  return { body, warnings };
}

function capMaxTokens(
  maxOutputTokens: number | undefined,
  modelInfo: ModelInfo | undefined,
  warnings: LanguageModelV1Warning[],
): number | undefined {
  if (maxOutputTokens === undefined || modelInfo === undefined) return maxOutputTokens;
  if (maxOutputTokens <= modelInfo.maxOutputTokens) return maxOutputTokens;
  warnings.push({
    type: 'other',
    setting: 'maxOutputTokens',
    message: `maxOutputTokens ${maxOutputTokens} exceeds the ${modelInfo.maxOutputTokens} that ${modelInfo.id} allows; capped.`,
  });
  return modelInfo.maxOutputTokens;
}

function fitTemperature(
  temperature: number | undefined,
  modelInfo: ModelInfo | undefined,
  warnings: LanguageModelV1Warning[],
): number | undefined {
  const limits = modelInfo?.temperature;
  if (temperature === undefined || limits === undefined || modelInfo === undefined) return temperature;

  if (limits.unsupported) {
    warnings.push({
      type: 'unsupported-setting',
      setting: 'temperature',
      message: `Model ${modelInfo.id} does not accept a temperature; it was omitted.`,
    });
    return undefined;
  }
  if (limits.fixed !== undefined) {
    if (temperature !== limits.fixed) {
      warnings.push({
        type: 'other',
        setting: 'temperature',
        message: `Model ${modelInfo.id} only accepts temperature ${limits.fixed}; ${temperature} was replaced.`,
      });
    }
    return limits.fixed;
  }
  const min = limits.min ?? -Infinity;
  const max = limits.max ?? Infinity;
  if (temperature >= min && temperature <= max) return temperature;
  const clamped = Math.min(max, Math.max(min, temperature));
  warnings.push({
    type: 'other',
    setting: 'temperature',
    message: `Temperature ${temperature} is outside ${modelInfo.id}'s range [${limits.min ?? '-∞'}, ${limits.max ?? '∞'}]; clamped to ${clamped}.`,
  });
  return clamped;
}

function mapToolChoice(toolChoice: LanguageModelV1ToolChoice): unknown {
  switch (toolChoice.type) {
    case 'auto':
    case 'none':
    case 'required':
      return toolChoice.type;
    case 'tool':
      return { type: 'function', function: { name: toolChoice.toolName } };
  }
}
