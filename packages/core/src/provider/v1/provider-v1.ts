import type { ModelInfo } from '../../model-catalogue/model-info.js';
import type { LanguageModelV1 } from '../../language-model/v1/language-model-v1.js';
import type { FilesV1 } from './files-v1.js';
import type { WebSearchV1 } from './web-search-v1.js';

/**
 * A source of models. Optional capabilities are optional methods, so callers test for them:
 * `provider.files?.()`.
 */
export interface ProviderV1 {
  readonly specificationVersion: 'v1';
  /** The provider id, e.g. `kimi`, `glm`, or a custom endpoint's name. */
  readonly providerId: string;

  /** A model by id or alias. Unknown ids are passed through to the upstream unchanged. */
  languageModel(modelId: string): LanguageModelV1;

  /** The models this provider knows, from the catalogue and its configuration. */
  listModels(): readonly ModelInfo[];

  /** The provider's file storage, where it has one (Kimi). */
  files?(): FilesV1;

  /** The provider's web search, where it has one (GLM). */
  webSearch?(): WebSearchV1;
}
