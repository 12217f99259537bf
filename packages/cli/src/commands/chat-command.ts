import { Command } from 'commander';
import type { CliContext } from './cli-context.js';

export interface ChatFlags {
  model?: string;
  system?: string;
  temperature?: string;
  maxTokens?: string;
  thinking?: boolean;
  webSearch?: boolean;
}

/** `exai chat`: streams one answer to stdout; reasoning, usage and latency go to stderr. */
export function createChatCommand(context: CliContext): Command {
  return new Command('chat')
    .description('Ask a model once and stream its answer to stdout')
    .argument('[prompt...]', 'the prompt; read from stdin when omitted or "-"')
    .option(
      '-m, --model <id>',
      'model id, alias, provider:model or auto (default: config defaultModel, else auto)',
    )
    .option('-s, --system <text>', 'a system message')
    .option(
      '-t, --temperature <number>',
      'sampling temperature, 0 to 2 (then clamped to the range the model accepts)',
    )
    .option('--max-tokens <number>', 'most output tokens')
    .option('--thinking', 'ask the model to reason first, where it can')
    .option('--web-search', 'let the model search the web, where its provider offers it')
    .action(async (words: string[], flags: ChatFlags) => {
      const { runChat } = await import('./run-chat.js');
      await runChat(context, words, flags);
    });
}
