/**
 * For the `exai` executable only: a failed write to stdout (a full disk, a closed pipe, an I/O
 * error) is an `'error'` event on `process.stdout`, which nothing else listens to, so Node would
 * print an unhandled-error stack trace. Here it ends the process the documented way instead: a
 * reader that went away (`exai models | head -1`, EPIPE) is not an error, so the process just
 * exits; anything else is one `exai: output_failed: …` line on stderr and exit code 1.
 */
export function guardStandardOutput(
  stdout: NodeJS.WriteStream = process.stdout,
  stderr: NodeJS.WriteStream = process.stderr,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') return exit(process.exitCode === undefined ? 0 : Number(process.exitCode));
    stderr.write(
      `exai: output_failed: cannot write the output (${error.code ?? error.message}: ${describe(error)}); ` +
        'free space on its disk, or send the output somewhere else.\n',
    );
    exit(1);
  });
}

function describe(error: NodeJS.ErrnoException): string {
  // Node's message is "<CODE>: <text>, write"; the text is what a person reads.
  const text = /^[A-Z]+: (.*?)(?:, \w+)?$/.exec(error.message)?.[1];
  return text ?? error.message;
}
