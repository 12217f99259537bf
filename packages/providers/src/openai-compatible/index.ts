export { createOpenAICompatible, type OpenAICompatibleProvider } from './openai-compatible-provider.js';
export { OpenAICompatibleChatLanguageModel } from './openai-compatible-chat-language-model.js';
export type {
  OpenAICompatibleProviderSettings,
  OpenAICompatibleRequestBody,
  OpenAICompatibleRequestContext,
  OpenAICompatibleWebSearchSettings,
} from './openai-compatible-settings.js';
export { describeBadBaseURL } from './check-base-url.js';
