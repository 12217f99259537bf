import { redactSecrets } from '../transport/redact-secrets.js';
import { ExaiError } from './exai-error.js';

const marker = 'exai.error.stream';
const symbol = Symbol.for(marker);

export interface StreamErrorOptions {
  message: string;
  /** `truncated` when the stream ended without its terminator, `upstream` for an error event. */
  reason: 'truncated' | 'upstream';
  url?: string;
  cause?: unknown;
}

/**
 * A streamed response failed after it started: an error event, or an early end. Credentials in the
 * message and URL (key-shaped strings, `api_key`-like fields, `user:password@`) are redacted.
 */
export class StreamError extends ExaiError {
  private readonly [symbol] = true;

  readonly reason: 'truncated' | 'upstream';
  readonly url: string | undefined;

  constructor({ message, reason, url, cause }: StreamErrorOptions) {
    super('stream_error', { message: redactSecrets(message), cause, isRetryable: false });
    this.name = 'StreamError';
    this.reason = reason;
    this.url = url === undefined ? undefined : redactSecrets(url);
  }

  static override isInstance(error: unknown): error is StreamError {
    return ExaiError.hasMarker(error, marker);
  }
}
