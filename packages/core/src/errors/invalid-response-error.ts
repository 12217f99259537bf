import { redactSecrets } from '../transport/redact-secrets.js';
import { ExaiError } from './exai-error.js';

const marker = 'exai.error.invalid-response';
const symbol = Symbol.for(marker);

export interface InvalidResponseErrorOptions {
  message: string;
  url?: string;
  /** The start of the offending payload; credentials in it are redacted. */
  excerpt?: string;
  cause?: unknown;
}

/**
 * The upstream answered with a body exai cannot read (malformed JSON, wrong shape). Credentials in
 * the message, URL and excerpt are redacted.
 */
export class InvalidResponseError extends ExaiError {
  private readonly [symbol] = true;

  readonly url: string | undefined;
  readonly excerpt: string | undefined;

  constructor({ message, url, excerpt, cause }: InvalidResponseErrorOptions) {
    super('invalid_response', { message: redactSecrets(message), cause, isRetryable: false });
    this.name = 'InvalidResponseError';
    this.url = url === undefined ? undefined : redactSecrets(url);
    this.excerpt = excerpt === undefined ? undefined : redactSecrets(excerpt);
  }

  static override isInstance(error: unknown): error is InvalidResponseError {
    return ExaiError.hasMarker(error, marker);
  }
}
