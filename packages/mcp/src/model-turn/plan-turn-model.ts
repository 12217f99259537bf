import { ExaiError, InvalidArgumentError, withModelSource } from '@exai/core';
import type { AutoRequirements, ModelCallPlan, TurnRecord } from '@exai/core';
import { toolModel } from '../mcp-server/runtime-defaults.js';
import type { ToolContext } from '../tools/tool-context.js';
import type { ModelTurnRequest } from './model-turn-request.js';

/** What the call asks of a model: `auto` picks, and fallbacks are kept, by these. */
export function turnRequirements(
  request: Pick<ModelTurnRequest, 'thinking' | 'webSearch' | 'images'>,
): AutoRequirements {
  return {
    ...(request.thinking && { thinking: true }),
    ...(request.webSearch && { webSearch: true }),
    ...((request.images?.length ?? 0) > 0 && { vision: true }),
  };
}

/** The model of a thread: the `provider:model` that wrote its latest answer. */
export function threadModel(turns: readonly TurnRecord[]): string | undefined {
  for (let index = turns.length - 1; index >= 0; index--) {
    const turn = turns[index];
    if (turn?.role === 'assistant' && turn.model) return turn.model;
  }
  return undefined;
}

/** The model a turn is answered by, and what the result must say about the choice. */
export interface TurnModelPlan {
  plan: ModelCallPlan;
  /** Set when a continued conversation changes model: which, from what, and why. */
  note?: string | undefined;
}

export type TurnModelQuestion = Pick<
  ModelTurnRequest,
  'toolName' | 'model' | 'thinking' | 'webSearch' | 'images'
> & {
  /** The tool's own choice when nothing else names a model (file_query: its files provider's model). */
  defaultModel?: string | undefined;
};

/**
 * Stage 2 of a model turn: the model and its fallback chain, resolved once for the whole call.
 * The model is, in order: the one the caller names; when continuing, the thread's own (the one
 * that wrote its latest answer), so a conversation never silently changes model; else the tool's
 * default (`tools.<name>.model`), the tool's own `defaultModel`, the server's default or `auto`. A continued conversation that
 * changes model says so in `note`: because the caller named another, or because the thread's
 * model cannot answer this call (no longer configured or allowed, or it cannot see images).
 */
export function planTurnModel(
  context: Pick<ToolContext, 'runtime'>,
  request: TurnModelQuestion,
  turns: readonly TurnRecord[] = [],
): TurnModelPlan {
  const { registry } = context.runtime;
  const requirements = turnRequirements(request);
  const named = request.model?.trim() ? request.model.trim() : undefined;
  const previous = threadModel(turns);
  let note: string | undefined;
  if (named === undefined && previous !== undefined) {
    try {
      return { plan: checkedForImages(registry.plan(previous, requirements), request) };
    } catch (error) {
      if (!ExaiError.isInstance(error)) throw error;
      note = `this conversation's model ${previous} cannot answer this call (${error.code}: ${error.message})`;
    }
  }
  const plan = checkedForImages(planToolModel(context, request, named, requirements), request);
  if (note !== undefined) return { plan, note: `${note}; it is answered by ${plan.primary.spec} instead` };
  return { plan, note: switchNote(named, plan, turns) };
}

/**
 * What a continued conversation's result says when the caller named a model other than the
 * thread's; `undefined` when nothing changed. For a plan made before the thread was read.
 */
export function switchNote(
  named: string | undefined,
  plan: ModelCallPlan,
  turns: readonly TurnRecord[],
): string | undefined {
  const previous = threadModel(turns);
  const spec = plan.primary.spec;
  if (!named?.trim() || previous === undefined || spec.toLowerCase() === previous.toLowerCase())
    return undefined;
  return `model changed from ${previous}, this conversation's model, to ${spec} as asked`;
}

/** The caller's model, else the tool's default (naming `tools.<name>.model` when it fails), else the rest. */
function planToolModel(
  { runtime }: Pick<ToolContext, 'runtime'>,
  request: TurnModelQuestion,
  named: string | undefined,
  requirements: AutoRequirements,
): ModelCallPlan {
  const fromTool = named === undefined ? toolModel(runtime, request.toolName, undefined) : undefined;
  try {
    return runtime.registry.plan(named ?? fromTool ?? request.defaultModel ?? '', requirements);
  } catch (error) {
    if (fromTool === undefined) throw error;
    const where = runtime.toolModelsSource ?? 'the configuration';
    throw withModelSource(error, { model: fromTool, source: `tools.${request.toolName}.model in ${where}` });
  }
}

function checkedForImages(plan: ModelCallPlan, request: TurnModelQuestion): ModelCallPlan {
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
