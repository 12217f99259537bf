import { ExaiError } from './exai-error.js';

const marker = 'exai.error.api-call';
const symbol = Symbol.for(marker);

export interface ApiCallErrorOptions {
  message: string;
  url: string;
  statusCode: number;
  responseHeaders?: Record<string, string>;
  /** The response body, already redacted of secrets and truncated. */
  responseBody?: string;
  /** Milliseconds the upstream asked us to wait (`Retry-After` / `retry-after-ms`). */
  retryAfterInMs?: number;
  isRetryable?: boolean;
  cause?: unknown;
}

/** Statuses worth repeating by default: timeouts, conflicts, rate limits and server errors. */
export function isRetryableStatus(statusCode: number): boolean {
  return statusCode === 408 || statusCode === 409 || statusCode === 429 || statusCode >= 500;
}

/** Maps an HTTP status to the stable error code exai reports for it. */
export function codeForStatus(statusCode: number): string {
  if (statusCode === 401 || statusCode === 403) return 'authentication_failed';
  if (statusCode === 404) return 'not_found';
  if (statusCode === 408) return 'upstream_timeout';
  if (statusCode === 409) return 'conflict';
  if (statusCode === 413) return 'payload_too_large';
  if (statusCode === 429) return 'rate_limited';
  if (statusCode >= 500) return 'upstream_unavailable';
  if (statusCode >= 400) return 'bad_request';
  return 'http_error';
}

/** An upstream answered with a non-success HTTP status. */
export class ApiCallError extends ExaiError {
  private readonly [symbol] = true;

  readonly url: string;
  readonly statusCode: number;
  readonly responseHeaders: Record<string, string>;
  readonly responseBody: string | undefined;
  readonly retryAfterInMs: number | undefined;

  constructor({
    message,
    url,
    statusCode,
    responseHeaders = {},
    responseBody,
    retryAfterInMs,
    isRetryable = isRetryableStatus(statusCode),
    cause,
  }: ApiCallErrorOptions) {
    super(codeForStatus(statusCode), { message, cause, isRetryable });
    this.name = 'ApiCallError';
    this.url = url;
    this.statusCode = statusCode;
    this.responseHeaders = responseHeaders;
    this.responseBody = responseBody;
    this.retryAfterInMs = retryAfterInMs;
  }

  static override isInstance(error: unknown): error is ApiCallError {
    return ExaiError.hasMarker(error, marker);
  }
}
