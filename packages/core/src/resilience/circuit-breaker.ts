import type OpossumCircuitBreaker from 'opossum';
import { loadedOpossum, loadOpossum, type Opossum } from './load-resilience-libraries.js';
import type { BreakerSettings, CircuitBreakerStatus, CircuitState } from './resilience-settings.js';

/** One attempt of a call, run inside the breaker. */
export interface BreakerAttempt<T> {
  runAttempt(): Promise<T>;
  /** Set by `fire()`: whether this attempt went out as the half-open probe. */
  circuitProbe: boolean;
}

export interface CircuitBreakerOptions {
  /** The breaker's name, as `status()` reports it (e.g. `kimi:kimi-k2`, `postgres`). */
  key: string;
  settings: BreakerSettings;
  /** Whether a failed attempt says the target is unhealthy; any other outcome counts as a success. */
  isFailure: (error: unknown) => boolean;
  /**
   * An attempt ended by its caller (an abort, a deadline). It counts as a success, except during a
   * half-open probe: an interrupted probe proved nothing, so it re-opens the circuit. Default: none.
   */
  isInterruption?: (error: unknown) => boolean;
  /** The error a refused call throws; `cause` is the caller's previous failure, if any. */
  openError: (refusal: { key: string; retryAfterInMs: number; cause?: unknown }) => Error;
  onStateChange?: (state: CircuitState) => void;
}

type Breaker = OpossumCircuitBreaker<[BreakerAttempt<unknown>], unknown>;
const runAttempt = (attempt: BreakerAttempt<unknown>): Promise<unknown> => attempt.runAttempt();

/**
 * An opossum breaker with the bookkeeping opossum lacks: when the probe will be allowed, a
 * synchronous refusal with the caller's own error, and failures recorded after the fact. opossum
 * is loaded on the first `fire()`; until then the circuit is closed.
 */
export class CircuitBreaker {
  readonly key: string;
  private breaker: Breaker | undefined;
  private openedAt = 0;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.key = options.key;
    const Opossum = loadedOpossum();
    if (Opossum !== undefined) this.breaker = this.create(Opossum);
  }

  get state(): CircuitState {
    const { breaker } = this;
    if (breaker === undefined) return 'closed';
    if (breaker.opened) return 'open';
    return breaker.halfOpen ? 'half-open' : 'closed';
  }

  /** Whether a call would be refused now (open, or half-open with its one probe already out). */
  get isRefusing(): boolean {
    const { breaker } = this;
    return breaker !== undefined && !breaker.closed && !breaker.pendingClose;
  }

  /** How long until the probe is allowed (0 when it already is). */
  get retryAfterInMs(): number {
    return Math.max(0, this.openedAt + this.options.settings.resetTimeoutInMs - Date.now());
  }

  openError(cause?: unknown): Error {
    return this.options.openError({ key: this.key, retryAfterInMs: this.retryAfterInMs, cause });
  }

  /**
   * Runs one attempt through the breaker. The open check is done here, synchronously and with the
   * same condition opossum uses, so a refused call throws the caller's error (`openError`) without
   * a promise layer to translate opossum's own rejection.
   */
  fire<T>(attempt: BreakerAttempt<T>, previousError?: unknown): Promise<T> {
    const { breaker } = this;
    if (breaker === undefined) return this.fireOnceLoaded(attempt, previousError);
    if (this.isRefusing) throw this.openError(previousError);
    attempt.circuitProbe = breaker.halfOpen;
    return breaker.fire(attempt) as Promise<T>;
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
    if (breaker === undefined || breaker.isShutdown || breaker.opened) return;
    breaker.emit('failure', error, 0, []);
    const { fires, failures } = breaker.stats;
    const { volumeThreshold, errorThresholdPercentage } = this.options.settings;
    const overThreshold = fires >= volumeThreshold && (failures / fires) * 100 > errorThresholdPercentage;
    if (wasProbe || breaker.halfOpen || overThreshold) breaker.open();
  }

  status(): CircuitBreakerStatus {
    const { failures, successes } = this.breaker?.stats ?? { failures: 0, successes: 0 };
    return { key: this.key, state: this.state, failures, successes };
  }

  shutdown(): void {
    this.breaker?.shutdown();
  }

  private async fireOnceLoaded<T>(attempt: BreakerAttempt<T>, previousError: unknown): Promise<T> {
    const Opossum = await loadOpossum();
    this.breaker ??= this.create(Opossum);
    return this.fire(attempt, previousError);
  }

  private create(Opossum: Opossum): Breaker {
    const { key, settings, isFailure, isInterruption, onStateChange } = this.options;
    const breaker: Breaker = new Opossum(runAttempt, {
      name: key,
      timeout: false, // Deadlines belong to the caller (the transport's timeouts, statement timeouts).
      errorThresholdPercentage: settings.errorThresholdPercentage,
      volumeThreshold: settings.volumeThreshold,
      rollingCountTimeout: settings.rollingWindowInMs,
      rollingCountBuckets: 10,
      resetTimeout: settings.resetTimeoutInMs,
      // A filtered error counts as a success, and a success closes a half-open circuit. An
      // interrupted probe proved nothing, so it is not filtered: it re-opens the circuit instead.
      errorFilter: (error: unknown) =>
        !isFailure(error) && !(isInterruption !== undefined && breaker.halfOpen && isInterruption(error)),
      rollingPercentilesEnabled: false,
      enableSnapshots: false,
    });
    breaker.on('open', () => {
      this.openedAt = Date.now();
      onStateChange?.('open');
    });
    breaker.on('halfOpen', () => onStateChange?.('half-open'));
    breaker.on('close', () => onStateChange?.('closed'));
    return breaker;
  }
}
