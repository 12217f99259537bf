import { createProviderRegistry, type RegistryStreamResult } from '@exai/core';
import { createGlm } from '@exai/providers/glm';
import { createKimi } from '@exai/providers/kimi';

export interface SecondOpinionOptions {
  question: string;
  /** Where the answer's text goes as it arrives. */
  write: (text: string) => void;
  abortSignal?: AbortSignal;
}

/**
 * Streams Kimi K2's answer; if Kimi is down, rate-limited past the retry budget, or its circuit
 * is open, GLM-4.6 answers instead. Keys come from KIMI_API_KEY and GLM_API_KEY.
 */
export async function streamSecondOpinion({ question, write, abortSignal }: SecondOpinionOptions): Promise<{
  answeredBy: string;
  fellBackFrom: string[];
  outputTokens: number | undefined;
}> {
  const registry = createProviderRegistry({
    providers: [createKimi(), createGlm()],
    fallbacks: { 'kimi-k2': ['glm:glm-4.6'] },
  });

  const result: RegistryStreamResult = await registry.stream('kimi-k2', {
    prompt: [
      { role: 'system', content: 'You review code and designs. Be direct and concrete.' },
      { role: 'user', content: question },
    ],
    ...(abortSignal && { abortSignal }),
  });

  let outputTokens: number | undefined;
  for await (const part of result.stream) {
    if (part.type === 'text-delta') write(part.delta);
    if (part.type === 'finish') outputTokens = part.usage.outputTokens;
    if (part.type === 'error') throw part.error;
  }
  return {
    answeredBy: result.answeredBy.spec,
    fellBackFrom: result.fallbacks.map((attempt) => `${attempt.model} (${attempt.code})`),
    outputTokens,
  };
}
