import { redactSecrets } from '../transport/redact-secrets.js';
import { ExaiError } from './exai-error.js';

const marker = 'exai.error.network';
const symbol = Symbol.for(marker);

export interface NetworkErrorOptions {
  message: string;
  url?: string;
  /** The system or driver error code, e.g. `ECONNRESET` or `UND_ERR_SOCKET`. */
  systemCode?: string;
  /** Set when the connection failed after response bytes were delivered (never retried). */
  afterFirstByte?: boolean;
  cause?: unknown;
}

/** The connection to an upstream failed: refused, reset, or closed early. */
export class NetworkError extends ExaiError {
  private readonly [symbol] = true;

  readonly url: string | undefined;
  readonly systemCode: string | undefined;

  constructor({ message, url, systemCode, afterFirstByte = false, cause }: NetworkErrorOptions) {
    super('network_error', { message: redactSecrets(message), cause, isRetryable: !afterFirstByte });
    this.name = 'NetworkError';
    this.url = url === undefined ? undefined : redactSecrets(url);
    this.systemCode = systemCode;
  }

  static override isInstance(error: unknown): error is NetworkError {
    return ExaiError.hasMarker(error, marker);
  }
}
