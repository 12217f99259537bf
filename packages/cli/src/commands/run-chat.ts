import type { LanguageModelV1CallOptions, LanguageModelV1Prompt, LanguageModelV1Usage } from '@exai/core';
import pc from 'picocolors';
import { formatSummary } from '../output/format-summary.js';
import type { ChatFlags } from './chat-command.js';
import type { CliContext } from './cli-context.js';
import { parseNumberFlag } from './parse-number.js';
import { readPrompt } from './read-prompt.js';

/** Runs `exai chat`: streams one answer to stdout; reasoning, usage and latency go to stderr. */
export async function runChat(context: CliContext, words: string[], flags: ChatFlags): Promise<void> {
  const prompt = await readPrompt(words, context.stdin);
  const messages: LanguageModelV1Prompt = [];
  if (flags.system) messages.push({ role: 'system', content: flags.system });
  messages.push({ role: 'user', content: prompt });

  const options: LanguageModelV1CallOptions = { prompt: messages };
  if (flags.temperature !== undefined) {
    options.temperature = parseNumberFlag('--temperature', flags.temperature, { min: 0, max: 2 });
  }
  if (flags.maxTokens !== undefined) {
    options.maxOutputTokens = parseNumberFlag('--max-tokens', flags.maxTokens, { min: 1, integer: true });
  }
  if (flags.thinking) options.thinking = { enabled: true };
  if (flags.webSearch) options.webSearch = true;

  const runtime = await context.runtime();
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  options.abortSignal = abort.signal;
  const startedAt = performance.now();
  try {
    const requirements = {
      ...(flags.thinking && { thinking: true }),
      ...(flags.webSearch && { webSearch: true }),
    };
    const result = await runtime.registry.stream(flags.model ?? '', options, requirements);
    let usage: LanguageModelV1Usage | undefined;
    let reasoning = false;
    let endedWithNewline = true;
    for await (const part of result.stream) {
      if (part.type === 'reasoning-delta') {
        reasoning = true;
        context.stderr.write(pc.dim(part.delta));
      } else if (part.type === 'text-delta') {
        if (reasoning) {
          context.stderr.write('\n');
          reasoning = false;
        }
        context.stdout.write(part.delta);
        if (part.delta.length > 0) endedWithNewline = part.delta.endsWith('\n');
      } else if (part.type === 'finish') {
        usage = part.usage;
      } else if (part.type === 'error') {
        throw part.error;
      }
    }
    if (!endedWithNewline) context.stdout.write('\n');
    context.stderr.write(
      pc.dim(
        formatSummary({
          spec: result.answeredBy.spec,
          info: result.answeredBy.info,
          usage,
          durationInMs: performance.now() - startedAt,
          fallbacks: result.fallbacks,
        }),
      ) + '\n',
    );
  } finally {
    process.off('SIGINT', onSignal);
    await runtime.close();
  }
}
