import type { Dispatcher } from 'undici';
import { AbortedError, ApiCallError, type ExaiError, TimeoutError } from '../errors/index.js';
import { emitTelemetry } from '../observability/telemetry-events.js';
import type { Bulkhead } from './bulkhead.js';
import { type BreakerAttempt, isStreamFailure, type TargetCircuit } from './circuit-breakers.js';
import { CallAbortSignal } from './call-abort-signal.js';
import { mapUndiciError } from './map-undici-error.js';
import { collectHeaderSecrets, redactSecrets } from './redact-secrets.js';
import { collectUrlSecrets } from './safe-url.js';
import { isDirectBody, toUndiciBody } from './to-undici-body.js';
import type {
  TransportEvent,
  TransportQueueEvent,
  TransportRequestOptions,
  TransportRetrySettings,
  TransportTimeouts,
} from './transport.js';

/** A call still in flight, as the transport's `close()` sees it. */
export interface LiveCall {
  readonly url: string;
  abort(error: ExaiError): void;
}

/** What every call of one transport shares. */
export interface TransportContext {
  /** The dispatcher once it exists: the transport's own pool is only created by the first request. */
  dispatcher: Dispatcher | undefined;
  /** Creates (once) and returns the dispatcher, loading undici on the way. */
  loadDispatcher(): Promise<Dispatcher>;
  retry: TransportRetrySettings;
  onEvent: ((event: TransportEvent) => void) | undefined;
  /** Calls started and not yet finished, so `close()` can end them. */
  liveCalls: Set<LiveCall>;
}

/** Sends one attempt of a call; `request()` and `stream()` each have one. */
export type SendAttempt<T> = (call: TransportCall<T>) => Promise<T>;

export function emitEvent(context: TransportContext, event: TransportEvent): void {
  if (event.type === 'retry') emitTelemetry({ type: 'provider-retry', provider: event.target.provider });
  try {
    context.onEvent?.(event);
  } catch {
    // An observer's bug must not break the request it observes.
  }
}

/** Calls a caller's queue hook; its bug must not break the call. */
function notify(onQueue: (event: TransportQueueEvent) => void, event: TransportQueueEvent): void {
  try {
    onQueue(event);
  } catch {
    // Ignored, like an event observer's.
  }
}

function onTotalTimeout<T>(call: TransportCall<T>): void {
  const { timeouts, url, streamed } = call;
  call.abort(new TimeoutError({ phase: 'total', timeoutInMs: timeouts.totalInMs, url, streamed }));
}

/**
 * The state of one `request()` / `stream()` call across its attempts: the total deadline and caller
 * abort (merged into one signal that undici and the retry sleeps watch), the bulkhead slot, and the
 * one-time clean-up. It is also the object the caller's signal calls back (`handleEvent`), so a call
 * allocates no closures on the hot path.
 */
export class TransportCall<T> implements BreakerAttempt<T>, LiveCall {
  readonly startedAt = performance.now();
  deadlineAt: number;
  readonly signal = new CallAbortSignal();
  readonly dispatchOptions: Dispatcher.RequestOptions;
  /** Set when the call was aborted by its caller or ran out of total time. */
  abortError: ExaiError | undefined = undefined;
  firstAttemptAt = 0;
  /** Set by `stream()`: the call asks for a streamed response (named in timeout messages). */
  streamed = false;
  lastError: unknown = undefined;
  circuitProbe = false;
  private slotHeld = false;
  private failureReported = false;
  private secretValues: string[] | undefined = undefined;
  private streamBody: Dispatcher.ResponseData['body'] | undefined = undefined;
  /** A `FormData` body still to be copied into undici's class (on the first attempt). */
  private pendingBody: FormData | undefined;
  private finished = false;
  private timer: NodeJS.Timeout | undefined = undefined;

  constructor(
    readonly context: TransportContext,
    readonly options: TransportRequestOptions,
    /** The URL for errors and events: credentials removed (see `toSafeUrl`). */
    readonly url: string,
    private readonly parsedUrl: URL,
    readonly timeouts: TransportTimeouts,
    readonly circuit: TargetCircuit,
    readonly bulkhead: Bulkhead,
    private readonly send: SendAttempt<T>,
  ) {
    this.deadlineAt = this.startedAt + timeouts.totalInMs;
    this.dispatchOptions = {
      origin: parsedUrl.origin,
      path: parsedUrl.search ? parsedUrl.pathname + parsedUrl.search : parsedUrl.pathname,
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers: options.headers,
      body: isDirectBody(options.body) ? options.body : undefined,
      signal: this.signal,
      headersTimeout: timeouts.firstByteInMs,
      bodyTimeout: timeouts.idleInMs,
    };
    if (!isDirectBody(options.body)) this.pendingBody = options.body;
    // Loading undici is the process's one-time cost, not the upstream's: until the first request
    // has a dispatcher, the total time does not run.
    if (context.dispatcher !== undefined) this.timer = setTimeout(onTotalTimeout, timeouts.totalInMs, this);
    options.abortSignal?.addEventListener('abort', this, { once: true });
    context.liveCalls.add(this);
  }

  /** The caller's signal fired. */
  handleEvent(): void {
    this.abort(new AbortedError({ cause: this.options.abortSignal?.reason }));
  }

  abort(error: ExaiError): void {
    if (this.abortError !== undefined || this.finished) return;
    this.abortError = error;
    this.signal.abort(error); // undici rejects or destroys the body with `error`, closing the socket.
    if (this.streamBody !== undefined) this.finish(undefined, error);
  }

  private startTotalTimer(): void {
    this.deadlineAt = performance.now() + this.timeouts.totalInMs;
    this.timer = setTimeout(onTotalTimeout, this.timeouts.totalInMs, this);
  }

  private holdSlot(): void {
    this.slotHeld = true;
    emitTelemetry({
      type: 'provider-in-flight',
      provider: this.bulkhead.provider,
      delta: 1,
      tenantId: this.options.telemetry?.tenantId,
    });
  }

  /** Takes a bulkhead slot, queueing for one when the provider is busy. */
  acquireSlot(): Promise<void> | undefined {
    if (this.bulkhead.tryAcquire()) {
      this.holdSlot();
      return undefined;
    }
    return this.queueForSlot();
  }

  /** Waits in the bulkhead queue (the contended path), reporting `provider-queued` both ways. */
  private async queueForSlot(): Promise<void> {
    const { onQueue } = this.options;
    const tenantId = this.options.telemetry?.tenantId;
    const { provider, maxConcurrent } = this.bulkhead;
    const queuedAt = performance.now();
    let queued = false;
    try {
      await this.bulkhead.acquire(this.signal, (position) => {
        queued = true;
        emitTelemetry({ type: 'provider-queued', provider, delta: 1, tenantId });
        if (onQueue !== undefined) notify(onQueue, { type: 'queued', provider, position, maxConcurrent });
      });
    } finally {
      if (queued) emitTelemetry({ type: 'provider-queued', provider, delta: -1, tenantId });
    }
    this.holdSlot();
    if (onQueue === undefined) return;
    notify(onQueue, { type: 'dequeued', provider, waitedInMs: Math.round(performance.now() - queuedAt) });
  }

  /**
   * Sends the request of one attempt. The first request of a transport creates its pool (loading
   * undici); later ones go straight to the dispatcher.
   */
  dispatch(): Promise<Dispatcher.ResponseData> {
    const { dispatcher } = this.context;
    if (dispatcher !== undefined && this.timer !== undefined && this.pendingBody === undefined) {
      return dispatcher.request(this.dispatchOptions);
    }
    return this.dispatchOnceReady();
  }

  private async dispatchOnceReady(): Promise<Dispatcher.ResponseData> {
    const { context } = this;
    const dispatcher = context.dispatcher ?? (await context.loadDispatcher());
    if (this.abortError !== undefined) throw this.abortError;
    if (this.timer === undefined) this.startTotalTimer();
    if (this.pendingBody !== undefined) {
      this.dispatchOptions.body = await toUndiciBody(this.pendingBody);
      this.pendingBody = undefined;
    }
    return dispatcher.request(this.dispatchOptions);
  }

  runAttempt(): Promise<T> {
    if (this.firstAttemptAt === 0) this.firstAttemptAt = performance.now();
    return this.send(this);
  }

  /**
   * One attempt through the circuit breaker (which throws `CircuitOpenError` if it is open). A call
   * aborted while it was being handed a slot, or by `close()`, makes no attempt.
   */
  fireAttempt(): Promise<T> {
    if (this.abortError !== undefined) throw this.abortError;
    return this.circuit.fire(this, this.lastError);
  }

  /** A thrown undici/socket error as a typed error. */
  mapError(error: unknown, afterFirstByte = false): ExaiError {
    const { url, timeouts, abortError, streamed } = this;
    const provider = this.options.target.provider;
    return mapUndiciError(error, { url, timeouts, afterFirstByte, abortError, streamed, provider });
  }

  /** Credentials of this request (header values, URL userinfo, key-like query values), to redact. */
  get secrets(): string[] {
    this.secretValues ??= collectHeaderSecrets(this.options.headers).concat(
      collectUrlSecrets(this.parsedUrl),
    );
    return this.secretValues;
  }

  /** Removes this request's credentials, and anything shaped like one, from upstream text. */
  redact(text: string): string {
    return redactSecrets(text, this.secrets);
  }

  /**
   * Counts a failure after the headers (a broken stream) against the circuit, once per call. Aborts
   * and the total deadline are not the upstream's fault and are ignored.
   */
  reportFailure(error: unknown): void {
    if (this.failureReported || !isStreamFailure(error)) return;
    this.failureReported = true;
    this.circuit.recordFailure(error, this.circuitProbe);
  }

  /** From now on the call lives until its body is consumed, abandoned or aborted. */
  beginStreaming(body: Dispatcher.ResponseData['body']): void {
    if (this.abortError !== undefined) {
      body.destroy(this.abortError);
      throw this.abortError;
    }
    this.streamBody = body;
  }

  /** Sleeps before a retry; rejects with the abort error if the call is aborted meanwhile. */
  sleep(delayInMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.abortError !== undefined) return reject(this.abortError);
      const { signal } = this;
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(this.abortError);
      };
      const timer = setTimeout(() => {
        signal.removeListener('abort', onAbort);
        resolve();
      }, delayInMs);
      signal.once('abort', onAbort);
    });
  }

  /** Ends the call once: clears its timer and listener, frees its slot and reports `request-end`. */
  finish(status?: number, error?: unknown): void {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.timer);
    this.context.liveCalls.delete(this);
    this.options.abortSignal?.removeEventListener('abort', this);
    const durationInMs = performance.now() - this.startedAt;
    if (this.slotHeld) {
      this.slotHeld = false;
      this.bulkhead.release(durationInMs);
      emitTelemetry({
        type: 'provider-in-flight',
        provider: this.bulkhead.provider,
        delta: -1,
        tenantId: this.options.telemetry?.tenantId,
      });
    }
    if (this.context.onEvent !== undefined) {
      const { target } = this.options;
      const statusCode = status ?? (ApiCallError.isInstance(error) ? error.statusCode : undefined);
      emitEvent(this.context, { type: 'request-end', target, status: statusCode, durationInMs, error });
    }
  }
}
