export {
  createGlm,
  glm,
  type GlmModelId,
  type GlmProvider,
  type GlmProviderSettings,
} from './glm-provider.js';
