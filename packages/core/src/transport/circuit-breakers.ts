import CircuitBreaker from 'opossum';
import {
  AbortedError,
  ApiCallError,
  CircuitOpenError,
  ExaiError,
  InvalidResponseError,
  NetworkError,
  StreamError,
  TimeoutError,
} from '../errors/index.js';
import type {
  CircuitState,
  CircuitStatus,
  TransportBreakerSettings,
  TransportEvent,
  TransportTarget,
} from './transport.js';

/** One attempt of a call, run inside the breaker. */
export interface BreakerAttempt<T> {
  runAttempt(): Promise<T>;
  /** Set by `fire()`: whether this attempt went out as the half-open probe. */
  circuitProbe: boolean;
}

/** The key a breaker is kept under: `provider:model`, or `provider` when there is no model. */
export function circuitKey(target: TransportTarget): string {
  return target.model ? `${target.provider}:${target.model}` : target.provider;
}

/**
 * Whether an error says the upstream is unhealthy: network failures, timeouts (except the caller's
 * total deadline), 408, 429 and 5xx. Client errors (4xx) and aborts do not trip a breaker.
 */
export function isUpstreamFailure(error: unknown): boolean {
  if (NetworkError.isInstance(error)) return true;
  if (TimeoutError.isInstance(error)) return error.phase !== 'total';
  if (ApiCallError.isInstance(error)) {
    const status = error.statusCode;
    return status === 408 || status === 429 || status >= 500;
  }
  return false;
}

/**
 * Whether a failure reported after the response headers (see `TransportStreamResponse.reportFailure`)
 * counts against the circuit: the upstream failures above, and a stream the upstream broke off with
 * an error event, cut short, or filled with something unreadable.
 */
export function isStreamFailure(error: unknown): boolean {
  return isUpstreamFailure(error) || StreamError.isInstance(error) || InvalidResponseError.isInstance(error);
}

/** An attempt ended by its caller or its deadline, not by the upstream: it says nothing about health. */
function isInterruption(error: unknown): boolean {
  if (AbortedError.isInstance(error)) return true;
  if (TimeoutError.isInstance(error)) return error.phase === 'total';
  return ExaiError.isInstance(error) && error.code === 'transport_closed';
}

const runAttempt = (attempt: BreakerAttempt<unknown>): Promise<unknown> => attempt.runAttempt();

/** An opossum breaker for one `provider:model` target, with the bookkeeping opossum lacks. */
export class TargetCircuit {
  private readonly breaker: CircuitBreaker<[BreakerAttempt<unknown>], unknown>;
  private openedAt = 0;

  constructor(
    readonly key: string,
    target: TransportTarget,
    private readonly settings: TransportBreakerSettings,
    emit: (event: TransportEvent) => void,
  ) {
    this.breaker = new CircuitBreaker(runAttempt, {
      name: key,
      timeout: false, // Deadlines belong to the transport's own timeouts.
      errorThresholdPercentage: settings.errorThresholdPercentage,
      volumeThreshold: settings.volumeThreshold,
      rollingCountTimeout: settings.rollingWindowInMs,
      rollingCountBuckets: 10,
      resetTimeout: settings.resetTimeoutInMs,
      // A filtered error counts as a success, and a success closes a half-open circuit. An
      // interrupted probe proved nothing, so it is not filtered: it re-opens the circuit instead.
      errorFilter: (error: unknown) =>
        !isUpstreamFailure(error) && !(this.breaker.halfOpen && isInterruption(error)),
      rollingPercentilesEnabled: false,
      enableSnapshots: false,
    });
    this.breaker.on('open', () => {
      this.openedAt = Date.now();
      emit({ type: 'circuit-state', target, state: 'open' });
    });
    this.breaker.on('halfOpen', () => emit({ type: 'circuit-state', target, state: 'half-open' }));
    this.breaker.on('close', () => emit({ type: 'circuit-state', target, state: 'closed' }));
  }

  get state(): CircuitState {
    if (this.breaker.opened) return 'open';
    return this.breaker.halfOpen ? 'half-open' : 'closed';
  }

  /** Whether a call would be refused now (open, or half-open with its one probe already out). */
  get isRefusing(): boolean {
    return !this.breaker.closed && !this.breaker.pendingClose;
  }

  openError(cause?: unknown): CircuitOpenError {
    const retryAfterInMs = Math.max(0, this.openedAt + this.settings.resetTimeoutInMs - Date.now());
    return new CircuitOpenError({ target: this.key, retryAfterInMs, cause });
  }

  /**
   * Runs one attempt through the breaker. The open check is done here, synchronously and with the
   * same condition opossum uses, so a refused call throws a `CircuitOpenError` without a promise
   * layer to translate opossum's own rejection.
   */
  fire<T>(attempt: BreakerAttempt<T>, previousError?: unknown): Promise<T> {
    if (this.isRefusing) throw this.openError(previousError);
    attempt.circuitProbe = this.breaker.halfOpen;
    return this.breaker.fire(attempt) as Promise<T>;
  }

  /**
   * Turns an attempt that the breaker already counted as a success (a stream whose headers
   * arrived) into a failure, because its body failed later. opossum has no API for this, so its own
   * `failure` event (which its statistics count) is emitted and its open rule applied: more than
   * `errorThresholdPercentage` of the window's attempts failed, once `volumeThreshold` is reached.
   * A failed half-open probe re-opens the circuit even though its headers had closed it.
   */
  recordFailure(error: unknown, wasProbe: boolean): void {
    const { breaker } = this;
    if (breaker.isShutdown || breaker.opened) return;
    breaker.emit('failure', error, 0, []);
    const { fires, failures } = breaker.stats;
    const { volumeThreshold, errorThresholdPercentage } = this.settings;
    const overThreshold = fires >= volumeThreshold && (failures / fires) * 100 > errorThresholdPercentage;
    if (wasProbe || breaker.halfOpen || overThreshold) breaker.open();
  }

  status(): CircuitStatus {
    const { failures, successes } = this.breaker.stats;
    return { key: this.key, state: this.state, failures, successes };
  }

  shutdown(): void {
    this.breaker.shutdown();
  }
}

/** The transport's breakers, created on first use of a target. */
export class CircuitBreakers {
  private readonly circuits = new Map<string, TargetCircuit>();

  constructor(
    private readonly settings: TransportBreakerSettings,
    private readonly emit: (event: TransportEvent) => void,
  ) {}

  get(target: TransportTarget): TargetCircuit {
    const key = circuitKey(target);
    let circuit = this.circuits.get(key);
    if (circuit === undefined) {
      const ownTarget = target.model
        ? { provider: target.provider, model: target.model }
        : { provider: target.provider };
      circuit = new TargetCircuit(key, ownTarget, this.settings, this.emit);
      this.circuits.set(key, circuit);
    }
    return circuit;
  }

  state(target: TransportTarget): CircuitState {
    return this.circuits.get(circuitKey(target))?.state ?? 'closed';
  }

  status(): CircuitStatus[] {
    return [...this.circuits.values()].map((circuit) => circuit.status());
  }

  shutdown(): void {
    for (const circuit of this.circuits.values()) circuit.shutdown();
    this.circuits.clear();
  }
}
