import { findModelInfo, type LanguageModelV1, type ModelInfo, type ProviderV1 } from '@exai/core';
import { OpenAICompatibleChatLanguageModel } from './openai-compatible-chat-language-model.js';
import type { OpenAICompatibleProviderSettings } from './openai-compatible-settings.js';

/**
 * A provider at an OpenAI-compatible endpoint. Callable: `provider('model-id')` is
 * `provider.languageModel('model-id')`.
 */
export interface OpenAICompatibleProvider<MODEL_ID extends string = string> extends ProviderV1 {
  (modelId: MODEL_ID): LanguageModelV1;
  /** A model by id or catalogue alias; unknown ids pass through unchanged. */
  languageModel(modelId: MODEL_ID): LanguageModelV1;
  listModels(): readonly ModelInfo[];
}

/**
 * Creates a provider for any OpenAI-compatible chat completions endpoint. Nothing is read from
 * the environment and no connection is made until a model is called.
 */
export function createOpenAICompatible<MODEL_ID extends string = string>(
  settings: OpenAICompatibleProviderSettings,
): OpenAICompatibleProvider<MODEL_ID> {
  const models = settings.models ?? [];

  const languageModel = (modelId: MODEL_ID): OpenAICompatibleChatLanguageModel => {
    const modelInfo = findModelInfo(models, modelId);
    return new OpenAICompatibleChatLanguageModel(modelInfo?.id ?? modelId, modelInfo, settings);
  };

  const provider = (modelId: MODEL_ID) => languageModel(modelId);
  return Object.assign(provider, {
    specificationVersion: 'v1' as const,
    providerId: settings.name,
    languageModel,
    listModels: () => models,
  });
}
