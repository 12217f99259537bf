import type { ModelInfo } from '../model-catalogue/model-info.js';
import type { AutoRequirements, AutoTask } from './provider-registry.js';

/** Whether the model offers everything asked for. `false` and unset both mean "not needed". */
export function meetsRequirements(info: ModelInfo, requirements: AutoRequirements = {}): boolean {
  const { capabilities } = info;
  if (requirements.thinking && !capabilities.thinking) return false;
  if (requirements.vision && !capabilities.vision) return false;
  if (requirements.tools && !capabilities.tools) return false;
  if (requirements.webSearch && !capabilities.webSearch) return false;
  if (requirements.minContextWindow !== undefined && info.contextWindow < requirements.minContextWindow) {
    return false;
  }
  return true;
}

/** A model without a rank counts as middling. */
const DEFAULT_RANK = 50;
/** A model without pricing counts as costing $1 per million tokens. */
const UNKNOWN_BLENDED_PRICE = 1;

/**
 * Dollars per million tokens for a typical second-opinion call, which sends much more than it
 * receives: three parts input to one part output.
 */
export function blendedPrice(info: ModelInfo): number {
  const pricing = info.pricing;
  if (!pricing) return UNKNOWN_BLENDED_PRICE;
  return (3 * pricing.inputPerMillion + pricing.outputPerMillion) / 4;
}

/**
 * How `auto` scores a candidate (higher wins):
 * - `balanced` (default): the catalogue `rank`;
 * - `fast`: rank / 2 − 20·log2(1 + blended price) − 10 if the model thinks — cheap, small,
 *   non-thinking models (which are also the quick ones) come first;
 * - `deep`: rank + 15 if the model thinks.
 */
export function autoScore(info: ModelInfo, task: AutoTask = 'balanced'): number {
  const rank = info.rank ?? DEFAULT_RANK;
  const thinks = info.capabilities.thinking;
  switch (task) {
    case 'fast':
      return rank / 2 - 20 * Math.log2(1 + blendedPrice(info)) - (thinks ? 10 : 0);
    case 'deep':
      return rank + (thinks ? 15 : 0);
    case 'balanced':
      return rank;
  }
}

/**
 * Orders candidates best first: by `autoScore`, then cheaper blended price, then larger context
 * window, then the order given (provider registration order, then catalogue order).
 */
export function rankForAuto<T extends { info: ModelInfo }>(candidates: readonly T[], task?: AutoTask): T[] {
  return candidates
    .map((candidate, index) => ({ candidate, index, score: autoScore(candidate.info, task) }))
    .sort(
      (a, b) =>
        b.score - a.score ||
        blendedPrice(a.candidate.info) - blendedPrice(b.candidate.info) ||
        b.candidate.info.contextWindow - a.candidate.info.contextWindow ||
        a.index - b.index,
    )
    .map(({ candidate }) => candidate);
}

/** A short description of the requirements, for error messages. */
export function describeRequirements(requirements: AutoRequirements = {}): string {
  const needs: string[] = (['thinking', 'vision', 'tools', 'webSearch'] as const).filter(
    (need) => requirements[need],
  );
  if (requirements.minContextWindow !== undefined) {
    needs.push(`a context window of at least ${requirements.minContextWindow} tokens`);
  }
  return needs.length > 0 ? needs.join(', ') : 'no particular capability';
}
