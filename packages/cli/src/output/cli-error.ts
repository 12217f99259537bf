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

/** Ends the command with an exit code after it has already printed what it found. */
export class CliExitError extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = 'CliExitError';
  }
}
