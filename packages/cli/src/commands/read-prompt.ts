import { CliUsageError } from '../output/cli-error.js';

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** The prompt from the arguments, or from stdin when it is `-` or absent and stdin is piped. */
export async function readPrompt(
  words: readonly string[],
  stdin: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin,
): Promise<string> {
  const fromArguments = words.join(' ').trim();
  if (fromArguments && fromArguments !== '-') return fromArguments;
  if (fromArguments === '-' || !stdin.isTTY) {
    const fromStdin = (await readStdin(stdin)).trim();
    if (fromStdin) return fromStdin;
  }
  throw new CliUsageError('no prompt given: pass it as an argument (exai chat "…") or pipe it on stdin.');
}
