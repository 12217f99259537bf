import type {
  LanguageModelV1CallOptions,
  LanguageModelV1Prompt,
  LanguageModelV1Usage,
  LanguageModelV1Warning,
} from '@exai/core';
import { CliInterruptedError } from '../output/cli-error.js';
import { formatSummary } from '../output/format-summary.js';
import { tuneForShortCommand } from '../runtime/short-command-process.js';
import type { ChatFlags } from './chat-command.js';
import type { CliContext } from './cli-context.js';
import { parseNumberFlag } from './parse-number.js';
import { readPrompt } from './read-prompt.js';

/** Runs `exai chat`: streams one answer to stdout; reasoning, usage and latency go to stderr. */
export async function runChat(context: CliContext, words: string[], flags: ChatFlags): Promise<void> {
  tuneForShortCommand();
  const prompt = await readPrompt(words, { stdin: context.stdin });
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
  for (const warning of runtime.warnings)
    context.stderr.write(context.colors.stderr.yellow(`exai: warning: ${warning}\n`));
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  options.abortSignal = abort.signal;
  const startedAt = performance.now();
  // Where each stream ended its last write, so the summary and errors start on a new line.
  const endsWithNewline = { stdout: true, stderr: true };
  const write = (stream: 'stdout' | 'stderr', text: string) => {
    if (text.length === 0) return;
    context[stream].write(text);
    endsWithNewline[stream] = text.endsWith('\n');
  };
  const finishLines = () => {
    if (!endsWithNewline.stdout) write('stdout', '\n');
    if (!endsWithNewline.stderr) write('stderr', '\n');
  };
  try {
    const requirements = {
      ...(flags.thinking && { thinking: true }),
      ...(flags.webSearch && { webSearch: true }),
    };
    const result = await runtime.registry.stream(flags.model ?? '', options, requirements);
    let usage: LanguageModelV1Usage | undefined;
    let warnings: readonly LanguageModelV1Warning[] = [];
    for await (const part of result.stream) {
      if (part.type === 'stream-start') {
        warnings = part.warnings;
        for (const warning of warnings)
          write('stderr', context.colors.stderr.yellow(`exai: warning: ${warning.message}\n`));
      } else if (part.type === 'reasoning-delta') {
        write('stderr', context.colors.stderr.dim(part.delta));
      } else if (part.type === 'text-delta') {
        if (!endsWithNewline.stderr) write('stderr', '\n');
        write('stdout', part.delta);
      } else if (part.type === 'finish') {
        usage = part.usage;
      } else if (part.type === 'error') {
        throw part.error;
      }
    }
    finishLines();
    write(
      'stderr',
      context.colors.stderr.dim(
        formatSummary({
          spec: result.answeredBy.spec,
          info: result.answeredBy.info,
          usage,
          durationInMs: performance.now() - startedAt,
          fallbacks: result.fallbacks,
        }),
      ) + '\n',
    );
  } catch (error) {
    finishLines();
    // Ctrl-C: the conventional exit status of a process stopped by SIGINT.
    if (abort.signal.aborted) throw new CliInterruptedError();
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    await runtime.close();
  }
}
