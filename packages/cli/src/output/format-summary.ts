import {
  estimateCostInUsd,
  type FallbackAttempt,
  type LanguageModelV1Usage,
  type ModelInfo,
} from '@exai/core';
import { printableLine } from './printable-text.js';

export interface CallSummary {
  spec: string;
  info: ModelInfo | undefined;
  usage: LanguageModelV1Usage | undefined;
  durationInMs: number;
  fallbacks: readonly FallbackAttempt[];
}

function formatTokens(value: number | undefined): string {
  // Not toLocaleString: its first call loads ICU's number formatting, about 30 ms of a short run.
  return value === undefined ? '?' : String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** One line for stderr after a call: model, tokens, latency, cost, and any fallbacks taken. */
export function formatSummary({ spec, info, usage, durationInMs, fallbacks }: CallSummary): string {
  const parts = [
    spec,
    `${formatTokens(usage?.inputTokens)} in / ${formatTokens(usage?.outputTokens)} out tokens`,
    `${(durationInMs / 1000).toFixed(2)} s`,
  ];
  if (info && usage) {
    const cost = estimateCostInUsd(info, usage);
    if (cost !== undefined) parts.push(`$${cost.toFixed(cost < 0.01 ? 5 : 3)}`);
  }
  const lines = [parts.join(' · ')];
  for (const attempt of fallbacks) {
    // The message may quote the provider's answer: escaped, as stored text is.
    lines.push(
      printableLine(`fell back from ${attempt.model} (${attempt.code}: ${attempt.message.split('\n')[0]})`),
    );
  }
  return lines.join('\n');
}
