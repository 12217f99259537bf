import { withLocale } from '../mcp-server/runtime-defaults.js';
import type { ToolContext } from '../tools/tool-context.js';
import { callTurnModel } from './call-turn-model.js';
import { commitModelTurn } from './commit-model-turn.js';
import { fitTurnPrompt } from './fit-turn-prompt.js';
import { loadTurnThread } from './load-turn-thread.js';
import type { ModelTurnRequest, ModelTurnResult } from './model-turn-request.js';
import { planTurnModel, switchNote } from './plan-turn-model.js';
import { withCallLimits } from '../limits/with-call-limits.js';
import type { ModelCallAttempt } from './model-call-attempt.js';
import { recordFailedUsage } from './record-failed-usage.js';

export { continuationFields, continuationFooter } from './continuation-footer.js';
export type { ModelTurnRequest, ModelTurnResult } from './model-turn-request.js';

/**
 * One model call in a thread, as every model-backed tool makes it, in five stages, each in a file
 * of its own: load the thread (its turns read once) → plan the model (resolved once, with its
 * fallbacks) → fit history and files to the model's budget → call the model (streaming progress
 * when asked) → commit the turns, usage and audit event. The model call runs inside the tenant's
 * limits (`runtime.callLimits`): admitted with an estimate before it, settled after. A model call
 * that fails or is cancelled stores no turn and leaves a usage record with `status: 'error'`
 * (`recordFailedUsage`) — also with `store: false`, whose caller stores only what was answered. A
 * model that answered while the store was unavailable still gives its answer, marked `notSaved`
 * (see `commitModelTurn`).
 */
export async function runModelTurn(context: ToolContext, asked: ModelTurnRequest): Promise<ModelTurnResult> {
  const { runtime } = context;
  const request: ModelTurnRequest = { ...asked, system: withLocale(runtime, asked.system) };
  const loading = loadTurnThread(context, request);
  const turns = Array.isArray(loading) ? loading : await loading;
  const planned = request.plan ?? planTurnModel(context, request, turns);
  const { plan } = planned;
  const note = planned.note ?? switchNote(request.model, plan, turns);
  const fitted = await fitTurnPrompt(context, { request, plan, turns });
  const { messages, answerRoomInTokens } = fitted;
  const attempt: ModelCallAttempt = {};
  try {
    const answered = await withCallLimits(
      context,
      { toolName: request.toolName, plan, messages, answerRoomInTokens },
      () => callTurnModel(context, { request, plan, messages, maxOutputTokens: answerRoomInTokens, attempt }),
    );
    const committed = await commitModelTurn(context, { request, fitted, answered });
    return {
      ...committed,
      ...(plan.auto !== undefined && { autoReason: plan.auto.reason }),
      ...(note !== undefined && { modelNote: note }),
    };
  } catch (error) {
    const threadId = request.usageThreadId ?? request.continuationId;
    await recordFailedUsage(context, { attempt, plan, error, messages, threadId });
    throw error;
  }
}
