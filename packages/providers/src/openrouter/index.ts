export {
  createOpenRouter,
  openrouter,
  type OpenRouterModelId,
  type OpenRouterProvider,
  type OpenRouterProviderSettings,
} from './openrouter-provider.js';
