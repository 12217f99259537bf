import { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.js';
import type { CircuitBreakerStatus, CircuitState } from './resilience-settings.js';

/**
 * Circuit breakers by key (one per `provider:model`, one per database…), each created on first use
 * from the thing the key names: `optionsFor(key, origin)` runs once per key.
 */
export class CircuitBreakerRegistry<Origin> {
  private readonly breakers = new Map<string, CircuitBreaker>();

  constructor(private readonly optionsFor: (key: string, origin: Origin) => CircuitBreakerOptions) {}

  get(key: string, origin: Origin): CircuitBreaker {
    let breaker = this.breakers.get(key);
    if (breaker === undefined) {
      breaker = new CircuitBreaker(this.optionsFor(key, origin));
      this.breakers.set(key, breaker);
    }
    return breaker;
  }

  /** `closed` for a key that has never been used. */
  state(key: string): CircuitState {
    return this.breakers.get(key)?.state ?? 'closed';
  }

  status(): CircuitBreakerStatus[] {
    return [...this.breakers.values()].map((breaker) => breaker.status());
  }

  shutdown(): void {
    for (const breaker of this.breakers.values()) breaker.shutdown();
    this.breakers.clear();
  }
}
