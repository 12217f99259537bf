import CircuitBreaker from 'opossum';
import { ApiCallError, CircuitOpenError, NetworkError, TimeoutError } from '../errors/index.js';
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

const runAttempt = (attempt: BreakerAttempt<unknown>): Promise<unknown> => attempt.runAttempt();
const isNotUpstreamFailure = (error: unknown): boolean => !isUpstreamFailure(error);

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
      errorFilter: isNotUpstreamFailure,
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
    return this.breaker.fire(attempt) as Promise<T>;
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
