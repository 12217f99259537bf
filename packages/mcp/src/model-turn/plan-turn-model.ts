import { InvalidArgumentError } from '@exai/core';
import type { AutoRequirements, ModelCallPlan } from '@exai/core';
import type { ToolContext } from '../tools/tool-context.js';
import type { ModelTurnRequest } from './model-turn-request.js';

/** What the call asks of a model: `auto` picks, and fallbacks are kept, by these. */
export function turnRequirements(request: ModelTurnRequest): AutoRequirements {
  return {
    ...(request.thinking && { thinking: true }),
    ...(request.webSearch && { webSearch: true }),
    ...((request.images?.length ?? 0) > 0 && { vision: true }),
  };
}

/**
 * Stage 2 of a model turn: the model and its fallback chain, resolved once for the whole call
 * (or taken from the caller), and checked against what the call needs.
 */
export function planTurnModel(context: ToolContext, request: ModelTurnRequest): ModelCallPlan {
  const plan = request.plan ?? context.runtime.registry.plan(request.model ?? '', turnRequirements(request));
  const { primary } = plan;
  if ((request.images?.length ?? 0) > 0 && primary.info !== undefined && !primary.info.capabilities.vision) {
    throw new InvalidArgumentError({
      argument: 'images',
      message:
        `${primary.spec} cannot see images. Pick a vision model (listmodels shows which) or ` +
        'pass model "auto", or leave images out.',
    });
  }
  return plan;
}
