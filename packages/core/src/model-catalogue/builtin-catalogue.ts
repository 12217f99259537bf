import { glmModels } from './glm-models.js';
import { kimiModels } from './kimi-models.js';
import type { ModelInfo } from './model-info.js';
import { openaiModels } from './openai-models.js';
import { openrouterModels } from './openrouter-models.js';

/** The providers exai ships a model catalogue for. Others (Ollama, custom endpoints) list none. */
export const BUILTIN_PROVIDERS = ['kimi', 'glm', 'openai', 'openrouter'] as const;

export type BuiltinProvider = (typeof BUILTIN_PROVIDERS)[number];

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const catalogue: Readonly<Record<BuiltinProvider, readonly ModelInfo[]>> = deepFreeze({
  kimi: kimiModels,
  glm: glmModels,
  openai: openaiModels,
  openrouter: openrouterModels,
});

function isBuiltinProvider(provider: string): provider is BuiltinProvider {
  return (BUILTIN_PROVIDERS as readonly string[]).includes(provider);
}

const none: readonly ModelInfo[] = Object.freeze([]);

/**
 * The builtin catalogue of one provider (case-insensitive id), frozen: copy an entry to change it.
 * Providers without a builtin catalogue, such as `ollama`, get an empty list.
 */
export function builtinModels(provider: string): readonly ModelInfo[] {
  const id = provider.trim().toLowerCase();
  return isBuiltinProvider(id) ? catalogue[id] : none;
}
