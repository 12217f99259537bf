import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type BreakerAttempt } from './circuit-breaker.js';
import { CircuitBreakerRegistry } from './circuit-breaker-registry.js';
import type { CircuitState } from './resilience-settings.js';

class Outage extends Error {}
class Interrupted extends Error {}
class Refused extends Error {
  constructor(readonly refusal: { key: string; retryAfterInMs: number; cause?: unknown }) {
    super(`${refusal.key} is open`);
  }
}

function breakerFor(states: CircuitState[] = [], resetTimeoutInMs = 60_000) {
  return new CircuitBreaker({
    key: 'db',
    settings: {
      errorThresholdPercentage: 50,
      volumeThreshold: 2,
      rollingWindowInMs: 10_000,
      resetTimeoutInMs,
    },
    isFailure: (error) => error instanceof Outage,
    isInterruption: (error) => error instanceof Interrupted,
    openError: (refusal) => new Refused(refusal),
    onStateChange: (state) => states.push(state),
  });
}

const attempt = <T>(run: () => Promise<T>): BreakerAttempt<T> => ({ runAttempt: run, circuitProbe: false });
const fail = (error: Error) => attempt(() => Promise.reject(error));
const succeed = () => attempt(() => Promise.resolve('ok'));
const waitFor = (delayInMs: number) => new Promise((resolve) => setTimeout(resolve, delayInMs));

describe('CircuitBreaker', () => {
  it('opens after failures, then refuses synchronously with the caller’s error and cause', async () => {
    const states: CircuitState[] = [];
    const breaker = breakerFor(states);
    expect(breaker.state).toBe('closed');
    await expect(breaker.fire(fail(new Outage()))).rejects.toBeInstanceOf(Outage);
    const last = new Outage('second');
    await expect(breaker.fire(fail(last))).rejects.toBe(last);
    expect(breaker.state).toBe('open');
    expect(states).toEqual(['open']);
    expect(breaker.isRefusing).toBe(true);
    let refusal: unknown;
    try {
      void breaker.fire(succeed(), last);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(Refused);
    expect((refusal as Refused).refusal).toMatchObject({ key: 'db', cause: last });
    expect((refusal as Refused).refusal.retryAfterInMs).toBeGreaterThan(0);
    breaker.shutdown();
  });

  it('does not count errors that are not failures', async () => {
    const breaker = breakerFor();
    for (let index = 0; index < 4; index++) {
      await expect(breaker.fire(fail(new Error('duplicate key')))).rejects.toThrow('duplicate key');
    }
    expect(breaker.status()).toMatchObject({ key: 'db', state: 'closed', failures: 0, successes: 4 });
    breaker.shutdown();
  });

  it('lets one probe through when half-open: a success closes it, an interrupted probe re-opens it', async () => {
    const states: CircuitState[] = [];
    const breaker = breakerFor(states, 30);
    await breaker.fire(fail(new Outage())).catch(() => undefined);
    await breaker.fire(fail(new Outage())).catch(() => undefined);
    await waitFor(60);
    expect(breaker.state).toBe('half-open');
    const probe = attempt(() => Promise.reject(new Interrupted()));
    await expect(breaker.fire(probe)).rejects.toBeInstanceOf(Interrupted);
    expect(probe.circuitProbe).toBe(true);
    expect(breaker.state).toBe('open');

    await waitFor(60);
    await expect(breaker.fire(succeed())).resolves.toBe('ok');
    expect(breaker.state).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'open', 'half-open', 'closed']);
    breaker.shutdown();
  });

  it('counts a failure recorded after the fact, opening past the threshold', async () => {
    const breaker = breakerFor();
    await breaker.fire(succeed());
    await breaker.fire(succeed());
    breaker.recordFailure(new Outage(), false);
    expect(breaker.state).toBe('closed'); // 1 failure in 2 attempts is not more than 50 %
    breaker.recordFailure(new Outage(), false);
    expect(breaker.state).toBe('open');
    breaker.shutdown();
  });
});

describe('CircuitBreakerRegistry', () => {
  it('creates one breaker per key on first use and reports them all', async () => {
    const made: string[] = [];
    const registry = new CircuitBreakerRegistry<{ name: string }>((key, origin) => {
      made.push(origin.name);
      return {
        key,
        settings: {
          errorThresholdPercentage: 50,
          volumeThreshold: 1,
          rollingWindowInMs: 1_000,
          resetTimeoutInMs: 1_000,
        },
        isFailure: () => true,
        openError: ({ key: name }) => new Error(`${name} open`),
      };
    });
    expect(registry.state('a')).toBe('closed');
    const a = registry.get('a', { name: 'first' });
    expect(registry.get('a', { name: 'again' })).toBe(a);
    await a.fire(fail(new Outage())).catch(() => undefined);
    registry.get('b', { name: 'second' });
    expect(made).toEqual(['first', 'second']);
    expect(registry.state('a')).toBe('open');
    expect(registry.status().map(({ key, state }) => `${key}:${state}`)).toEqual(['a:open', 'b:closed']);
    registry.shutdown();
    expect(registry.status()).toEqual([]);
  });
});
