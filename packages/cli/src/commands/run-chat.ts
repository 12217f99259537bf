import {
  EmptyAnswerError,
  type LanguageModelV1CallOptions,
  type LanguageModelV1FinishReason,
  type LanguageModelV1Prompt,
  type LanguageModelV1Usage,
  type LanguageModelV1Warning,
} from '@exai/core';
import { CliInterruptedError } from '../output/cli-error.js';
import { formatSummary } from '../output/format-summary.js';
import { createPrintableTextStream, printableLine } from '../output/printable-text.js';
import { tuneForShortCommand } from '../runtime/short-command-process.js';
import type { ChatFlags } from './chat-command.js';
import { chatCutOffNote, sentOutputLimit } from './chat-cut-off-note.js';
import type { CliContext } from './cli-context.js';
import { parseNumberFlag } from './parse-number.js';
import { readPrompt } from './read-prompt.js';

function printableOn(stream: { isTTY?: boolean }) {
  return stream.isTTY === true ? createPrintableTextStream() : undefined;
}

/**
 * Runs `exai chat`: streams one answer to stdout; reasoning, usage and latency go to stderr. An
 * answer without text fails with `empty_answer` (stdout stays empty: leading blank text is held
 * back until real text follows); one cut off at the output limit is printed whole, then a
 * `cut off` warning on stderr says so and how to get more (exit code 0). On a
 * terminal the answer and the reasoning print escaped (`printableText`: line breaks and tabs as
 * they are, escape sequences and other control characters shown as `\u001b`), so a model cannot
 * drive the terminal; piped or redirected, they are written exactly as the model sent them.
 */
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
  // The answer on stdout, the reasoning (dimmed) on stderr: escaped where the stream is a terminal.
  const modelText = {
    stdout: { style: (text: string) => text, printable: printableOn(context.stdout) },
    stderr: { style: context.colors.stderr.dim, printable: printableOn(context.stderr) },
  };
  const writeModelText = (stream: 'stdout' | 'stderr', text: string | undefined) => {
    const { style, printable } = modelText[stream];
    const shown = text === undefined ? (printable?.end() ?? '') : (printable?.write(text) ?? text);
    if (shown.length > 0) write(stream, style(shown));
  };
  const finishLines = () => {
    writeModelText('stderr', undefined);
    writeModelText('stdout', undefined);
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
    let finishReason: LanguageModelV1FinishReason | undefined;
    let warnings: readonly LanguageModelV1Warning[] = [];
    let reasoned = false;
    const toolNames: string[] = [];
    // Blank text is held back until real text follows, so a blank answer prints nothing.
    let heldBack: string | undefined = '';
    for await (const part of result.stream) {
      if (part.type === 'stream-start') {
        warnings = part.warnings;
        for (const warning of warnings)
          write('stderr', context.colors.stderr.yellow(`exai: warning: ${printableLine(warning.message)}\n`));
      } else if (part.type === 'reasoning-delta') {
        reasoned ||= part.delta !== '';
        writeModelText('stderr', part.delta);
      } else if (part.type === 'text-delta') {
        let text = part.delta;
        if (heldBack !== undefined) {
          text = heldBack + text;
          heldBack = text.trim() === '' ? text : undefined;
          if (heldBack !== undefined) continue;
        }
        if (!endsWithNewline.stderr) write('stderr', '\n');
        writeModelText('stdout', text);
      } else if (part.type === 'tool-call') {
        toolNames.push(part.toolName);
      } else if (part.type === 'finish') {
        ({ usage, finishReason } = part);
      } else if (part.type === 'error') {
        throw part.error;
      }
    }
    finishLines();
    const { spec, info } = result.answeredBy;
    const limit = sentOutputLimit(options.maxOutputTokens, info);
    if (heldBack !== undefined) {
      throw new EmptyAnswerError({
        model: spec,
        finishReason: finishReason ?? 'unknown',
        outputLimitInTokens: limit,
        reasoned,
        toolNames,
      });
    }
    write(
      'stderr',
      context.colors.stderr.dim(
        formatSummary({
          spec,
          info,
          usage,
          durationInMs: performance.now() - startedAt,
          fallbacks: result.fallbacks,
        }),
      ) + '\n',
    );
    if (finishReason === 'length') {
      const note = chatCutOffNote({ limit, info, usage });
      write('stderr', context.colors.stderr.yellow(`exai: warning: ${note}`) + '\n');
    }
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
