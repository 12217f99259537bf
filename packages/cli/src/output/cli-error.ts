/** An error in how the CLI was called: printed without a stack, exit code 2. */
export class CliUsageError extends Error {
  readonly exitCode = 2;

  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** The user pressed Ctrl-C: nothing more is printed, exit code 130. */
export class CliInterruptedError extends Error {
  readonly exitCode = 130;

  constructor() {
    super('interrupted');
    this.name = 'CliInterruptedError';
  }
}
