export {
  createOllama,
  ollama,
  type OllamaModelId,
  type OllamaProvider,
  type OllamaProviderSettings,
} from './ollama-provider.js';
