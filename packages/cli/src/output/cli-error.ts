/**
 * An error in how the CLI was called: printed as `exai: <code>: <message>` without a stack, exit
 * code 2. The code is `invalid_argument` unless a more precise one is given.
 */
export class CliUsageError extends Error {
  readonly exitCode = 2;
  readonly code: string;

  constructor(message: string, { code = 'invalid_argument' }: { code?: string } = {}) {
    super(message);
    this.name = 'CliUsageError';
    this.code = code;
  }
}

/** The user pressed Ctrl-C (or sent SIGTERM): nothing more is printed, exit code 130 (or 143). */
export class CliInterruptedError extends Error {
  constructor(readonly exitCode = 130) {
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
