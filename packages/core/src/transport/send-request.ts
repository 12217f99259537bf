import type { Dispatcher } from 'undici';
import { normalizeHeaders } from './normalize-headers.js';
import { readErrorResponse } from './read-error-response.js';
import type { TransportCall } from './transport-call.js';
import type { TransportResponse } from './transport.js';

/** A response read whole; `text()` decodes it as UTF-8, `redact()` uses the call's credentials. */
export class BufferedResponse implements TransportResponse {
  readonly url: string;

  constructor(
    private readonly call: TransportCall<TransportResponse>,
    readonly status: number,
    readonly headers: Record<string, string>,
    readonly body: Uint8Array,
  ) {
    this.url = call.url;
  }

  text(): string {
    const { body } = this;
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  }

  redact(text: string): string {
    return this.call.redact(text);
  }
}

/**
 * Sends one attempt and waits for the response headers. A non-2xx response is read (capped) and
 * thrown as `ApiCallError`; undici errors are thrown as typed errors.
 */
export async function sendAttempt<T>(call: TransportCall<T>): Promise<Dispatcher.ResponseData> {
  let response: Dispatcher.ResponseData;
  try {
    response = await call.dispatch();
  } catch (error) {
    throw call.mapError(error);
  }
  const { statusCode } = response;
  if (statusCode >= 200 && statusCode < 300) return response;
  const { url, options } = call;
  const error = await readErrorResponse(response, {
    url,
    provider: options.target.provider,
    secrets: call.secrets,
  });
  throw call.abortError ?? error;
}

/** One attempt of `request()`: the body is read inside the attempt, so a reset mid-body is retried. */
export async function sendRequestAttempt(call: TransportCall<TransportResponse>): Promise<TransportResponse> {
  const response = await sendAttempt(call);
  let body: Uint8Array;
  try {
    body = await response.body.bytes();
  } catch (error) {
    throw call.mapError(error);
  }
  return new BufferedResponse(call, response.statusCode, normalizeHeaders(response.headers), body);
}

/** One attempt of `stream()`: it ends, for the retries and the breaker, when the headers arrive. */
export const sendStreamAttempt: (
  call: TransportCall<Dispatcher.ResponseData>,
) => Promise<Dispatcher.ResponseData> = sendAttempt;
