export {
  createOpenAI,
  openai,
  type OpenAIModelId,
  type OpenAIProvider,
  type OpenAIProviderSettings,
} from './openai-provider.js';
