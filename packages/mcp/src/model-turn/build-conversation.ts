import type { ModelInfo, LanguageModelV1Prompt, TurnRecord } from '@exai/core';

/** A rough token count: about four characters a token. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

const fallbackContextWindow = 32_000;
const fallbackReplyReserve = 4_096;

/**
 * Tokens a conversation may fill: the context window minus what is kept free for the reply. The
 * reply reserve is `maxOutputTokens` when the caller gives one, else the catalogue's max output,
 * capped at the model's max output and at half the window; it is sent as the request's
 * `max_tokens`, so the model cannot write past the room left for it.
 */
export function conversationBudget(
  info: Pick<ModelInfo, 'contextWindow' | 'maxOutputTokens'> | undefined,
  { maxOutputTokens }: { maxOutputTokens?: number | undefined } = {},
): {
  budgetInTokens: number;
  replyReserveInTokens: number;
  contextWindowInTokens: number;
} {
  const contextWindow = info?.contextWindow ?? fallbackContextWindow;
  const modelMax = info?.maxOutputTokens ?? fallbackReplyReserve;
  const replyReserveInTokens = Math.max(
    1,
    Math.min(maxOutputTokens ?? modelMax, modelMax, Math.floor(contextWindow / 2)),
  );
  return {
    budgetInTokens: contextWindow - replyReserveInTokens,
    replyReserveInTokens,
    contextWindowInTokens: contextWindow,
  };
}

export interface BuildConversationOptions {
  system: string;
  turns: readonly TurnRecord[];
  prompt: string;
  budgetInTokens: number;
}

export interface BuiltConversation {
  messages: LanguageModelV1Prompt;
  /** Earlier turns left out to stay within the budget. */
  omittedTurns: number;
}

/**
 * The messages for a call: the system text, as many earlier user/assistant turns as fit (newest
 * first, kept in their order), then the new prompt. When turns are left out the system text
 * says so, so the model does not take the shortened history for the whole conversation.
 * Consecutive turns of one role (a consensus round's answers, each labelled with its model) are
 * sent as one message, since some providers refuse two messages of a role in a row.
 */
export function buildConversation({
  system,
  turns,
  prompt,
  budgetInTokens,
}: BuildConversationOptions): BuiltConversation {
  const history = turns.filter((turn) => turn.role === 'user' || turn.role === 'assistant');
  const omissionNote = (count: number) =>
    `\n\nNote: the ${count} oldest message${count === 1 ? ' was' : 's were'} of this conversation ` +
    'left out to fit your context window; the messages below are the most recent ones.';
  let remaining =
    budgetInTokens - estimateTokens(system + omissionNote(history.length)) - estimateTokens(prompt);
  const kept: TurnRecord[] = [];
  for (let index = history.length - 1; index >= 0; index -= 1) {
    const turn = history[index];
    if (turn === undefined) continue;
    const cost = estimateTokens(turn.content) + 4;
    if (cost > remaining) break;
    remaining -= cost;
    kept.unshift(turn);
  }
  // A conversation should not open with a reply to a message the model cannot see.
  while (kept[0]?.role === 'assistant') kept.shift();
  const omittedTurns = history.length - kept.length;
  const messages: LanguageModelV1Prompt = [
    { role: 'system', content: omittedTurns > 0 ? system + omissionNote(omittedTurns) : system },
  ];
  const append = (role: 'user' | 'assistant', content: string) => {
    const last = messages.at(-1);
    if (last !== undefined && last.role === role && typeof last.content === 'string') {
      last.content = `${last.content}\n\n${content}`;
    } else {
      messages.push(role === 'user' ? { role: 'user', content } : { role: 'assistant', content });
    }
  };
  for (const turn of kept) append(turn.role === 'user' ? 'user' : 'assistant', turn.content);
  append('user', prompt);
  return { messages, omittedTurns };
}
