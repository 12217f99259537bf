import type { CliContext } from '../commands/cli-context.js';

/**
 * Asks a yes/no question on stderr and reads one line from stdin. Only `y` or `yes` (any case)
 * is a yes; an empty line, anything else, or stdin closing is a no.
 */
export function askConfirmation(
  context: Pick<CliContext, 'stdin' | 'stderr'>,
  question: string,
): Promise<boolean> {
  context.stderr.write(`${question} [y/N] `);
  const { stdin } = context;
  return new Promise((resolve) => {
    let line = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.off('end', finish);
      stdin.off('error', finish);
      stdin.pause();
      resolve(/^\s*y(es)?\s*$/i.test(line));
    };
    const onData = (chunk: Buffer | string) => {
      line += chunk.toString();
      const end = line.indexOf('\n');
      if (end === -1) return;
      line = line.slice(0, end);
      finish();
    };
    stdin.on('data', onData);
    stdin.on('end', finish);
    stdin.on('error', finish);
    stdin.resume();
  });
}
