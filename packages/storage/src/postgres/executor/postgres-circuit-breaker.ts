import CircuitBreaker from 'opossum';
import type { PostgresBreakerSettings, PostgresCircuitState } from './postgres-executor-settings.js';

type Work = () => Promise<unknown>;
const runWork = (work: Work): Promise<unknown> => work();

/** An opossum breaker around the pool; only outages (see `countsAsOutage`) count as failures. */
export class PostgresCircuitBreaker {
  private readonly breaker: CircuitBreaker<[Work], unknown>;
  private openedAt = 0;

  constructor(
    private readonly settings: PostgresBreakerSettings,
    countsAsOutage: (error: unknown) => boolean,
    onStateChange: (state: PostgresCircuitState) => void,
  ) {
    this.breaker = new CircuitBreaker(runWork, {
      name: 'postgres',
      timeout: false, // Deadlines are the pool's connection timeout and the statement timeout.
      errorThresholdPercentage: settings.errorThresholdPercentage,
      volumeThreshold: settings.volumeThreshold,
      rollingCountTimeout: settings.rollingWindowInMs,
      rollingCountBuckets: 10,
      resetTimeout: settings.resetTimeoutInMs,
      errorFilter: (error: unknown) => !countsAsOutage(error),
      rollingPercentilesEnabled: false,
      enableSnapshots: false,
    });
    this.breaker.on('open', () => {
      this.openedAt = Date.now();
      onStateChange('open');
    });
    this.breaker.on('halfOpen', () => onStateChange('half-open'));
    this.breaker.on('close', () => onStateChange('closed'));
  }

  get state(): PostgresCircuitState {
    if (this.breaker.opened) return 'open';
    return this.breaker.halfOpen ? 'half-open' : 'closed';
  }

  /** Whether a call would be refused now (open, or half-open with its one probe already out). */
  get isRefusing(): boolean {
    return !this.breaker.closed && !this.breaker.pendingClose;
  }

  get retryAfterInMs(): number {
    return Math.max(0, this.openedAt + this.settings.resetTimeoutInMs - Date.now());
  }

  fire<T>(work: () => Promise<T>): Promise<T> {
    return this.breaker.fire(work) as Promise<T>;
  }

  shutdown(): void {
    this.breaker.shutdown();
  }
}
