import type { ModelInfo } from './model-info.js';

/** Token counts as a model reports them; `LanguageModelV1Usage` fits. */
export interface CostUsage {
  inputTokens: number | undefined;
  outputTokens: number | undefined;
  /** Input tokens served from the prompt cache, counted within `inputTokens`. */
  cachedInputTokens?: number | undefined;
}

/**
 * The cost of one call in US dollars from the model's list prices, or `undefined` when the model
 * has no pricing or the usage has neither input nor output counts. Cached input tokens are billed
 * at the cached price where the model has one. Reasoning tokens are billed as output: providers
 * count them within `outputTokens`. A missing count is taken as zero.
 */
export function estimateCostInUsd(
  info: Pick<ModelInfo, 'pricing'> | undefined,
  usage: CostUsage,
): number | undefined {
  const pricing = info?.pricing;
  if (pricing === undefined) return undefined;
  if (usage.inputTokens === undefined && usage.outputTokens === undefined) return undefined;

  const inputTokens = usage.inputTokens ?? 0;
  const cachedPrice = pricing.cachedInputPerMillion;
  const cachedTokens = cachedPrice === undefined ? 0 : Math.min(usage.cachedInputTokens ?? 0, inputTokens);
  const inputCost =
    (inputTokens - cachedTokens) * pricing.inputPerMillion + cachedTokens * (cachedPrice ?? 0);
  const outputCost = (usage.outputTokens ?? 0) * pricing.outputPerMillion;
  return (inputCost + outputCost) / 1_000_000;
}
