import { finished } from 'node:stream';
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
 *
 * It reads the body directly (`read()` on `readable`, its end or failure from `finished`) rather
 * than through the stream's own async iterator: a long call waits on its body for minutes, and
 * each chunk through that iterator costs an async generator step and its promises more, kept
 * for as long as the chunk is awaited.
 */
export class StreamBody implements AsyncIterable<Uint8Array>, AsyncIterator<Uint8Array> {
  /** Set once the body has ended: `null` when it completed, else why it failed. */
  private ended: { error: unknown } | undefined = undefined;
  /** The pending `next()` waiting for data or the end. */
  private wake: (() => void) | undefined = undefined;
  private watching = false;

  constructor(
    private readonly call: TransportCall<Dispatcher.ResponseData>,
    private readonly body: UndiciBody,
    private readonly status: number,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return this;
  }

  next(): Promise<IteratorResult<Uint8Array>> {
    this.watch();
    return new Promise((resolve, reject) => {
      const attempt = () => {
        const chunk = this.body.destroyed ? null : (this.body.read() as Uint8Array | null);
        if (chunk !== null) {
          resolve({ done: false, value: chunk });
        } else if (this.ended === undefined) {
          this.wake = attempt;
        } else if (this.ended.error === null) {
          this.call.finish(this.status);
          resolve({ done: true, value: undefined });
        } else {
          const mapped = this.call.mapError(this.ended.error, true);
          this.call.reportFailure(mapped);
          this.call.finish(this.status, mapped);
          reject(mapped);
        }
      };
      attempt();
    });
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

  /** Listens for data and for the end, once, as the stream's own iterator does. */
  private watch(): void {
    if (this.watching) return;
    this.watching = true;
    const notify = () => {
      const wake = this.wake;
      this.wake = undefined;
      wake?.();
    };
    this.body.on('readable', notify);
    finished(this.body, { writable: false }, (error) => {
      this.ended = { error: error ?? null };
      notify();
    });
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
