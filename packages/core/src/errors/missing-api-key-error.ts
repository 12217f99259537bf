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

/**
 * The message for people running exai (the CLI, an MCP client) rather than calling the library:
 * the environment variables to set, and `apiKeyEnv` in exai.config.json, instead of the `apiKey`
 * option.
 */
export function describeMissingApiKeyForUsers(error: MissingApiKeyError): string {
  const variables = error.environmentVariables.join(' or ');
  return (
    `No API key for provider ${error.provider}. ` +
    (variables !== '' ? `Set the environment variable ${variables}, or name` : 'Name') +
    ` the variable that holds it with \`apiKeyEnv\` for ${error.provider} in exai.config.json.`
  );
}
