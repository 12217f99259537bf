import type { Dispatcher } from 'undici';
import type { TransportCall } from './transport-call.js';
import type { TransportStreamResponse } from './transport.js';

type UndiciBody = Dispatcher.ResponseData['body'];

/**
 * A streamed response body as an `AsyncIterable<Uint8Array>`. It ends its call (freeing the bulkhead
 * slot) when the body completes, fails, or is abandoned with `return()` (a `break` out of
 * `for await`); abandoning it destroys the undici body, which closes the connection. Errors are
 * typed and flagged as after the first byte, so they are never retried; the upstream's failures
 * (a reset, an idle timeout) are reported to the call's circuit breaker. Single use.
 */
export class StreamBody implements AsyncIterable<Uint8Array>, AsyncIterator<Uint8Array> {
  private iterator: AsyncIterator<Uint8Array> | undefined = undefined;

  constructor(
    private readonly call: TransportCall<Dispatcher.ResponseData>,
    private readonly body: UndiciBody,
    private readonly status: number,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return this;
  }

  async next(): Promise<IteratorResult<Uint8Array>> {
    this.iterator ??= (this.body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    try {
      const result = await this.iterator.next();
      if (result.done === true) this.call.finish(this.status);
      return result;
    } catch (error) {
      const mapped = this.call.mapError(error, true);
      this.call.reportFailure(mapped);
      this.call.finish(this.status, mapped);
      throw mapped;
    }
  }

  async return(): Promise<IteratorResult<Uint8Array>> {
    if (!this.body.destroyed) this.body.destroy();
    this.call.finish(this.status);
    return { done: true, value: undefined };
  }

  async throw(error?: unknown): Promise<IteratorResult<Uint8Array>> {
    if (!this.body.destroyed) this.body.destroy();
    this.call.finish(this.status, error);
    throw error;
  }
}

/** What `stream()` resolves to: the body, and the call's redaction and failure reporting. */
export class StreamedResponse implements TransportStreamResponse {
  readonly url: string;

  constructor(
    private readonly call: TransportCall<Dispatcher.ResponseData>,
    readonly status: number,
    readonly headers: Record<string, string>,
    readonly body: StreamBody,
  ) {
    this.url = call.url;
  }

  redact(text: string): string {
    return this.call.redact(text);
  }

  reportFailure(error: unknown): void {
    this.call.reportFailure(error);
  }
}
