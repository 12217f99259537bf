import {
  ContextWindowExceededError,
  type LanguageModelV1ImagePart,
  type LanguageModelV1Prompt,
  type LanguageModelV1TextPart,
  type ModelCallPlan,
  type TurnRecord,
} from '@exai/core';
import { buildConversation, conversationBudget, estimateTokens } from './build-conversation.js';
import type { ToolContext } from '../tools/tool-context.js';
import { embedFiles, omittedFilesNote, type EmbeddedFiles } from './embed-files.js';
import type { ModelTurnRequest } from './model-turn-request.js';

export interface FittedPrompt {
  messages: LanguageModelV1Prompt;
  /** Earlier turns left out to fit the budget. */
  omittedTurns: number;
  embedded: EmbeddedFiles;
  /** Tokens kept free for the answer: sent as the request's `max_tokens`. */
  answerRoomInTokens: number;
}

/**
 * Stage 3 of a model turn: the messages to send, fitted to the model's budget — files (re-read
 * from disk, newest first, up to `fileShare` of the budget), then as much history as fits, newest
 * first, with what was left out said in the prompt; images go on the last user message. A
 * message that does not fit even alone (with the system text and the answer room) is refused
 * with `context_window_exceeded` before anything is sent.
 */
export async function fitTurnPrompt(
  context: ToolContext,
  { request, plan, turns }: { request: ModelTurnRequest; plan: ModelCallPlan; turns: readonly TurnRecord[] },
): Promise<FittedPrompt> {
  const { budgetInTokens, contextWindowInTokens, replyReserveInTokens } = conversationBudget(
    plan.primary.info,
  );
  const fixedCost =
    estimateTokens(request.system) + estimateTokens(request.prompt) + estimateTokens(request.context ?? '');
  // History and files are dropped to fit; what is left cannot be, so it is refused before sending.
  if (fixedCost > budgetInTokens) {
    throw new ContextWindowExceededError({
      spec: plan.primary.spec,
      contextWindowInTokens,
      answerRoomInTokens: replyReserveInTokens,
      estimatedInTokens: fixedCost,
    });
  }
  const fileBudget = Math.max(0, Math.floor((budgetInTokens - fixedCost) * (request.fileShare ?? 0.6)));
  const embedded = await embedFiles({
    files: context.files,
    current: request.files ?? [],
    earlier: [...(request.earlierFiles ?? []), ...earlierFiles(turns)],
    budgetInTokens: fileBudget,
  });
  const imageParts: LanguageModelV1ImagePart[] = [];
  for (const path of request.images ?? []) {
    const image = await context.files.readImage(path);
    imageParts.push({ type: 'image', image: image.data, mediaType: image.mediaType });
  }

  const message = [request.prompt, request.context ?? '', embedded.text, omittedFilesNote(embedded.omitted)]
    .filter((part) => part !== '')
    .join('\n\n');
  const { messages, omittedTurns } = buildConversation({
    system: request.system,
    turns,
    prompt: message,
    budgetInTokens,
  });
  if (imageParts.length > 0) {
    const last = messages.at(-1);
    if (last?.role === 'user') {
      // The last message may also hold an earlier user turn, merged into it.
      const text: LanguageModelV1TextPart = {
        type: 'text',
        text: typeof last.content === 'string' ? last.content : message,
      };
      last.content = [text, ...imageParts];
    }
  }
  return { messages, omittedTurns, embedded, answerRoomInTokens: replyReserveInTokens };
}

/** Paths of files sent with earlier turns, newest first. */
function earlierFiles(turns: readonly TurnRecord[]): string[] {
  const paths: string[] = [];
  for (let index = turns.length - 1; index >= 0; index -= 1) {
    const files = turns[index]?.metadata?.files;
    if (Array.isArray(files)) for (const path of files) if (typeof path === 'string') paths.push(path);
  }
  return paths;
}
