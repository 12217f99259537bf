import type { ServerResponse } from 'node:http';

export type ResponseOutcome = 'completed' | 'client-aborted' | 'fault';

export interface ResponseLifecycleOptions {
  /** The client closed the connection before the response ended. */
  onClientAbort: () => void;
  /** The exchange is over, however it ended. */
  onClosed: (outcome: ResponseOutcome) => void;
}

/**
 * Tracks one response until its connection closes: cancellable sleeps and writes (so delays never
 * outlive the client or the server), intentional faults, and client aborts.
 */
export class ResponseLifecycle {
  readonly response: ServerResponse;
  #closed = false;
  #faulted = false;
  #shuttingDown = false;
  readonly #cancels = new Set<() => void>();

  constructor(response: ServerResponse, { onClientAbort, onClosed }: ResponseLifecycleOptions) {
    this.response = response;
    response.once('close', () => {
      this.#closed = true;
      for (const cancel of [...this.#cancels]) cancel();
      const aborted = !response.writableFinished && !this.#faulted && !this.#shuttingDown;
      if (aborted) onClientAbort();
      onClosed(this.#faulted ? 'fault' : aborted ? 'client-aborted' : 'completed');
    });
  }

  get isOpen(): boolean {
    return !this.#closed && !this.response.destroyed;
  }

  /** Waits `ms`; resolves `false` (early) when the connection closes first. */
  sleep(ms: number): Promise<boolean> {
    if (!this.isOpen) return Promise.resolve(false);
    return this.#waitFor((settle) => {
      const timer = ms > 0 ? setTimeout(() => settle(true), ms) : setImmediate(() => settle(true));
      timer.unref();
      return () =>
        ms > 0 ? clearTimeout(timer as NodeJS.Timeout) : clearImmediate(timer as NodeJS.Immediate);
    });
  }

  /** Writes and waits until the bytes are handed to the socket; `false` when the connection closed. */
  write(data: string | Buffer): Promise<boolean> {
    if (!this.isOpen) return Promise.resolve(false);
    return this.#waitFor((settle) => {
      this.response.write(data, (error) => settle(error == null));
      return () => {};
    });
  }

  /** Ends the exchange on purpose: a TCP reset, or a plain close of the connection. */
  destroy(kind: 'reset' | 'close'): void {
    this.#faulted = true;
    const socket = this.response.socket;
    if (kind === 'reset' && socket !== null && typeof socket.resetAndDestroy === 'function') {
      socket.resetAndDestroy();
    } else {
      socket?.destroy();
    }
    this.response.destroy();
  }

  /** The server is closing: drop the connection without reporting a client abort. */
  shutDown(): void {
    this.#shuttingDown = true;
    this.response.socket?.destroy();
    this.response.destroy();
  }

  #waitFor(start: (settle: (value: boolean) => void) => () => void): Promise<boolean> {
    return new Promise((resolve) => {
      const cleanup: { stop?: () => void } = {};
      const cancel = (): void => settle(false);
      const settle = (value: boolean): void => {
        if (!this.#cancels.delete(cancel)) return;
        cleanup.stop?.();
        resolve(value && this.isOpen);
      };
      this.#cancels.add(cancel);
      cleanup.stop = start(settle);
    });
  }
}
