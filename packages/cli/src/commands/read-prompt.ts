import { CliUsageError } from '../output/cli-error.js';

type PromptInput = NodeJS.ReadableStream & { isTTY?: boolean; unref?: () => void };

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Whether piped stdin has something to read: its first bytes (or its end) arrive within
 * `waitInMs`. A pipe that stays open and silent (a caller that never closes stdin) is left alone,
 * and unreferenced so it does not keep the process alive.
 */
function pipedInputArrives(stdin: PromptInput, waitInMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const finish = (arrived: boolean) => {
      clearTimeout(timer);
      stdin.off('readable', onReadable);
      if (!arrived) stdin.unref?.();
      resolve(arrived);
    };
    const onReadable = () => finish(true);
    const timer = setTimeout(() => finish(false), waitInMs);
    stdin.once('readable', onReadable);
  });
}

export interface ReadPromptOptions {
  stdin?: PromptInput;
  /** How long piped stdin may take to start when a prompt argument is given too. */
  pipedInputWaitInMs?: number;
}

/**
 * The prompt: the arguments, stdin when they are `-` or absent and stdin is piped, or both when
 * an argument is given and stdin is piped with data (`git diff | exai chat "review this"`): the
 * argument, a blank line, then the piped text.
 */
export async function readPrompt(
  words: readonly string[],
  { stdin = process.stdin, pipedInputWaitInMs = 1000 }: ReadPromptOptions = {},
): Promise<string> {
  const fromArguments = words.join(' ').trim();
  if (fromArguments && fromArguments !== '-') {
    if (stdin.isTTY || !(await pipedInputArrives(stdin, pipedInputWaitInMs))) return fromArguments;
    const piped = (await readStdin(stdin)).trim();
    return piped ? `${fromArguments}\n\n${piped}` : fromArguments;
  }
  if (fromArguments === '-' || !stdin.isTTY) {
    const fromStdin = (await readStdin(stdin)).trim();
    if (fromStdin) return fromStdin;
  }
  throw new CliUsageError('no prompt given: pass it as an argument (exai chat "…") or pipe it on stdin.');
}
