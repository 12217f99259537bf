import { ExaiError } from './exai-error.js';

const marker = 'exai.error.missing-api-key';
const symbol = Symbol.for(marker);

export interface MissingApiKeyErrorOptions {
  provider: string;
  /** The setting that takes the key, e.g. `apiKey`. */
  option: string;
  /** Environment variables read, first wins. */
  environmentVariables: readonly string[];
}

/** A provider was called without an API key. */
export class MissingApiKeyError extends ExaiError {
  private readonly [symbol] = true;

  readonly provider: string;
  readonly environmentVariables: readonly string[];

  constructor({ provider, option, environmentVariables }: MissingApiKeyErrorOptions) {
    const variables = environmentVariables.join(' or ');
    super('missing_api_key', {
      message:
        `No API key for provider ${provider}. ` +
        (environmentVariables.length > 0
          ? `Set the environment variable ${variables}, or pass the \`${option}\` option.`
          : `Pass the \`${option}\` option.`),
      isRetryable: false,
    });
    this.name = 'MissingApiKeyError';
    this.provider = provider;
    this.environmentVariables = environmentVariables;
  }

  static override isInstance(error: unknown): error is MissingApiKeyError {
    return ExaiError.hasMarker(error, marker);
  }
}
