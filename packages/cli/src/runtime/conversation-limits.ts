import { InvalidConfigError } from '@exai/core';
import type { ExaiRuntimeLimits } from '@exai/mcp';
import type { ExaiConfig } from '../config/exai-config-schema.js';

const variables = {
  maxTurns: 'EXAI_MAX_TURNS',
  ttlInMinutes: 'EXAI_THREAD_TTL_MINUTES',
  maxResultTokens: 'EXAI_MAX_RESULT_TOKENS',
  maxAnswerBytes: 'EXAI_MAX_ANSWER_BYTES',
} as const;

/**
 * Conversation limits from `conversations` in the config file, each overridden by its environment
 * variable (`EXAI_MAX_TURNS`, `EXAI_THREAD_TTL_MINUTES`, `EXAI_MAX_RESULT_TOKENS`,
 * `EXAI_MAX_ANSWER_BYTES`). Unset values keep the defaults of `@exai/mcp` (100 turns, 3 hours,
 * 20 000 tokens, 2 MiB).
 */
export function conversationLimits(
  config: ExaiConfig,
  env: Readonly<Record<string, string | undefined>>,
): ExaiRuntimeLimits {
  const fromFile = config.conversations ?? {};
  const issues: string[] = [];
  const read = (key: keyof typeof variables, minimum: number): number | undefined => {
    const raw = env[variables[key]]?.trim();
    if (raw === undefined || raw === '') return fromFile[key];
    const value = Number(raw);
    if (!Number.isInteger(value) || value < minimum) {
      issues.push(`${variables[key]}: "${raw}" is not a whole number ≥ ${minimum}`);
      return undefined;
    }
    return value;
  };
  const maxTurns = read('maxTurns', 2);
  const ttlInMinutes = read('ttlInMinutes', 1);
  const maxResultTokens = read('maxResultTokens', 1000);
  const maxAnswerBytes = read('maxAnswerBytes', 1024);
  if (issues.length > 0) throw new InvalidConfigError({ source: 'the environment', issues });
  return {
    ...(maxTurns !== undefined && { maxTurns }),
    ...(ttlInMinutes !== undefined && { threadTtlInMs: ttlInMinutes * 60_000 }),
    ...(maxResultTokens !== undefined && { maxResultTokens }),
    ...(maxAnswerBytes !== undefined && { maxAnswerBytes }),
  };
}
