import { withLocale } from '../mcp-server/runtime-defaults.js';
import type { ToolContext } from '../tools/tool-context.js';
import { callTurnModel } from './call-turn-model.js';
import { commitModelTurn } from './commit-model-turn.js';
import { fitTurnPrompt } from './fit-turn-prompt.js';
import { loadTurnThread } from './load-turn-thread.js';
import type { ModelTurnRequest, ModelTurnResult } from './model-turn-request.js';
import { planTurnModel, switchNote } from './plan-turn-model.js';

export { continuationFooter } from './continuation-footer.js';
export type { ModelTurnRequest, ModelTurnResult } from './model-turn-request.js';

/**
 * One model call in a thread, as every model-backed tool makes it, in five stages, each in a file
 * of its own: load the thread (its turns read once) → plan the model (resolved once, with its
 * fallbacks) → fit history and files to the model's budget → call the model (streaming progress
 * when asked) → commit the turns, usage and audit event.
 */
export async function runModelTurn(context: ToolContext, asked: ModelTurnRequest): Promise<ModelTurnResult> {
  const { runtime } = context;
  const request: ModelTurnRequest = { ...asked, system: withLocale(runtime, asked.system) };
  const turns = await loadTurnThread(context, request);
  const planned = request.plan ?? planTurnModel(context, request, turns);
  const { plan } = planned;
  const note = planned.note ?? switchNote(request.model, plan, turns);
  const fitted = await fitTurnPrompt(context, { request, plan, turns });
  const answered = await callTurnModel(context, {
    request,
    plan,
    messages: fitted.messages,
    maxOutputTokens: fitted.answerRoomInTokens,
  });
  const result = await commitModelTurn(context, { request, fitted, answered });
  return note === undefined ? result : { ...result, modelNote: note };
}
