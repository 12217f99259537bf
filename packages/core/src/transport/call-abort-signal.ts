import { EventEmitter } from 'node:events';

/**
 * The abort signal of one call, handed to undici (which accepts an EventEmitter with `aborted` and
 * `reason` as a signal). Node 20's `AbortSignal` costs microseconds per `addEventListener`, which
 * undici calls on every request; an emitter costs a fraction of that, and the hot path has to be cheap.
 */
export class CallAbortSignal extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }
}
