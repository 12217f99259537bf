import { ExaiError } from './exai-error.js';

const marker = 'exai.error.invalid-config';
const symbol = Symbol.for(marker);

export interface InvalidConfigErrorOptions {
  /** Where the configuration came from: a file path, `EXAI_CONFIG`, or an option name. */
  source: string;
  /** One line per problem, each naming the key and the fix. */
  issues: readonly string[];
  cause?: unknown;
}

/** The configuration is unreadable or invalid. */
export class InvalidConfigError extends ExaiError {
  private readonly [symbol] = true;

  readonly source: string;
  readonly issues: readonly string[];

  constructor({ source, issues, cause }: InvalidConfigErrorOptions) {
    super('invalid_config', {
      message: `Invalid configuration in ${source}:\n${issues.map((line) => `  - ${line}`).join('\n')}`,
      cause,
      isRetryable: false,
    });
    this.name = 'InvalidConfigError';
    this.source = source;
    this.issues = issues;
  }

  static override isInstance(error: unknown): error is InvalidConfigError {
    return ExaiError.hasMarker(error, marker);
  }
}
