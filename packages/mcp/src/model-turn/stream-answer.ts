import type {
  LanguageModelV1FinishReason,
  LanguageModelV1StreamPart,
  LanguageModelV1Usage,
} from '@exai/core';
import type { ProgressHeartbeat } from './progress-heartbeat.js';
import { cutToBytes } from './answer-size-cap.js';
import { estimateTokens } from './build-conversation.js';

export interface StreamedAnswer {
  text: string;
  usage: LanguageModelV1Usage | undefined;
  /** Set when the text reached `maxAnswerBytes`: `text` is cut there and the stream was closed. */
  overCap?: boolean;
  /** `performance.now()` when the first text or reasoning delta arrived. */
  firstTokenAt?: number;
  /** Why the model stopped (`length`: at its output limit), from the `finish` part; unset without one. */
  finishReason?: LanguageModelV1FinishReason;
  /** Set when the model wrote reasoning ("thinking") text. */
  reasoned?: boolean;
  /** The tools the model asked to call, in order (the model turn offers none). */
  toolNames?: string[];
}

/**
 * Reads a model's stream to the end, keeping `heartbeat` (started before the request was sent)
 * up to date: waiting, thinking or writing, and how many tokens so far; the first delta is
 * reported at once. When the text passes `maxAnswerBytes` the iteration stops (which closes the
 * upstream stream) and the answer is returned cut at the cap, with `overCap` set. How the answer
 * ended (its finish reason, whether it reasoned or asked for tools) is kept for the model turn to
 * judge: an empty answer is an error, one cut off at the output limit gets a note.
 */
export async function streamAnswer({
  stream,
  spec,
  heartbeat,
  maxAnswerBytes = Infinity,
}: {
  stream: AsyncIterable<LanguageModelV1StreamPart>;
  spec: string;
  heartbeat: ProgressHeartbeat;
  maxAnswerBytes?: number;
}): Promise<StreamedAnswer> {
  let text = '';
  let bytes = 0;
  let reasoningCharacters = 0;
  let usage: LanguageModelV1Usage | undefined;
  let sentFirst = false;
  let firstTokenAt: number | undefined;
  let finishReason: LanguageModelV1FinishReason | undefined;
  const toolNames: string[] = [];
  const update = () => {
    const tokens = estimateTokens(text) + Math.ceil(reasoningCharacters / 4);
    const state = text.length > 0 ? 'writing' : reasoningCharacters > 0 ? 'thinking' : 'waiting';
    heartbeat.set({ message: `${spec} ${state}, ${tokens} tokens`, tokens });
  };
  update();
  for await (const part of stream) {
    if (part.type === 'text-delta') {
      text += part.delta;
      bytes += Buffer.byteLength(part.delta, 'utf8');
      if (bytes > maxAnswerBytes)
        return { text: cutToBytes(text, maxAnswerBytes), usage, overCap: true, firstTokenAt };
    } else if (part.type === 'reasoning-delta') reasoningCharacters += part.delta.length;
    else if (part.type === 'tool-call') toolNames.push(part.toolName);
    else if (part.type === 'finish') ({ usage, finishReason } = part);
    else if (part.type === 'error') throw part.error;
    if (part.type === 'text-delta' || part.type === 'reasoning-delta') {
      update();
      if (!sentFirst) {
        sentFirst = true;
        firstTokenAt = performance.now();
        heartbeat.beat();
      }
    }
  }
  return {
    text,
    usage,
    ...(firstTokenAt !== undefined && { firstTokenAt }),
    ...(finishReason !== undefined && { finishReason }),
    ...(reasoningCharacters > 0 && { reasoned: true }),
    ...(toolNames.length > 0 && { toolNames }),
  };
}
