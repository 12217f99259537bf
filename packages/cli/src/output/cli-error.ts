/** An error in how the CLI was called: printed without a stack, exit code 2. */
export class CliUsageError extends Error {
  readonly exitCode = 2;

  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}
