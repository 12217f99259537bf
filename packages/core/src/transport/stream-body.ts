import type { Dispatcher } from 'undici';
import type { TransportCall } from './transport-call.js';

type UndiciBody = Dispatcher.ResponseData['body'];

/**
 * A streamed response body as an `AsyncIterable<Uint8Array>`. It ends its call (freeing the bulkhead
 * slot) when the body completes, fails, or is abandoned with `return()` (a `break` out of
 * `for await`); abandoning it destroys the undici body, which closes the connection. Errors are
 * typed and flagged as after the first byte, so they are never retried. Single use.
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
