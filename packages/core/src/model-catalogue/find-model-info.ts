import type { ModelInfo } from './model-info.js';

/**
 * The model whose id or alias is `idOrAlias`, ignoring case and surrounding space. An id match
 * wins over an alias match, so an alias can never hide another model's id.
 */
export function findModelInfo(models: readonly ModelInfo[], idOrAlias: string): ModelInfo | undefined {
  const wanted = idOrAlias.trim().toLowerCase();
  if (wanted === '') return undefined;
  return (
    models.find((model) => model.id.toLowerCase() === wanted) ??
    models.find((model) => model.aliases?.some((alias) => alias.toLowerCase() === wanted))
  );
}
