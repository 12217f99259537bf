import { planTurnModel } from '../../model-turn/plan-turn-model.js';
import { planSpecs } from '../../response-cache/tool-response-cache.js';
import type { ToolContext } from '../tool-context.js';
import type { ConsensusInput } from './consensus-schema.js';

/**
 * The models of a consensus round, for the response-cache key: each participant's plan (with its
 * stance, so the same models with other stances miss), then the synthesis model's.
 */
export function consensusCacheModels(input: ConsensusInput, context: ToolContext): string[] {
  const plan = (model: string | undefined) =>
    planSpecs(planTurnModel(context, { toolName: 'consensus', model }).plan).join(',');
  return [
    ...input.models.map((entry) => `${plan(entry.model)}/${entry.stance}`),
    ...(input.synthesis_model === undefined ? [] : [`synthesis:${plan(input.synthesis_model)}`]),
  ];
}
