import type { LanguageModelV1Usage, LanguageModelV1StreamPart } from '@exai/core';
import type { ToolContext } from '../tools/tool-context.js';
import { estimateTokens } from './build-conversation.js';

export interface StreamedAnswer {
  text: string;
  usage: LanguageModelV1Usage | undefined;
}

/**
 * Reads a model's stream to the end, sending progress on the first delta and then at least every
 * `progressIntervalInMs` (also while nothing arrives), so clients with request timeouts keep
 * waiting while a slow model thinks.
 */
export async function streamAnswer({
  stream,
  spec,
  context,
  progressIntervalInMs = 5_000,
}: {
  stream: AsyncIterable<LanguageModelV1StreamPart>;
  spec: string;
  context: ToolContext;
  progressIntervalInMs?: number;
}): Promise<StreamedAnswer> {
  let text = '';
  let reasoningCharacters = 0;
  let usage: LanguageModelV1Usage | undefined;
  let lastProgress = 0;
  let sentFirst = false;

  const sendProgress = () => {
    const tokens = estimateTokens(text) + Math.ceil(reasoningCharacters / 4);
    // Progress must grow with every notification, even when no token arrived since the last.
    const progress = tokens > lastProgress ? tokens : lastProgress + 0.001;
    lastProgress = progress;
    const state = text.length > 0 ? 'writing' : reasoningCharacters > 0 ? 'thinking' : 'waiting';
    void context.reportProgress({ progress, message: `${spec} ${state}, ${tokens} tokens` });
  };
  const timer = setInterval(sendProgress, progressIntervalInMs);
  timer.unref?.();
  try {
    for await (const part of stream) {
      if (part.type === 'text-delta') text += part.delta;
      else if (part.type === 'reasoning-delta') reasoningCharacters += part.delta.length;
      else if (part.type === 'finish') usage = part.usage;
      else if (part.type === 'error') throw part.error;
      if (!sentFirst && (part.type === 'text-delta' || part.type === 'reasoning-delta')) {
        sentFirst = true;
        sendProgress();
      }
    }
  } finally {
    clearInterval(timer);
  }
  return { text, usage };
}
