import { describe, expect, it } from 'vitest';
import { computeReconnectDelay, DEFAULT_RECONNECT_BACKOFF } from './reconnect-backoff.js';

describe('computeReconnectDelay', () => {
  it('doubles from 250 ms up to a 10 s cap by default, each wait between half the ceiling and the ceiling', () => {
    const ceilings = [250, 500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000];
    ceilings.forEach((ceiling, attempt) => {
      expect(computeReconnectDelay(attempt, DEFAULT_RECONNECT_BACKOFF, () => 0)).toBe(ceiling / 2);
      expect(computeReconnectDelay(attempt, DEFAULT_RECONNECT_BACKOFF, () => 0.999_999)).toBe(ceiling);
    });
  });

  it('spreads the waits of bridges reconnecting together', () => {
    const delays = new Set(Array.from({ length: 20 }, () => computeReconnectDelay(3)));
    expect(delays.size).toBeGreaterThan(5);
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(1_000);
    for (const delay of delays) expect(delay).toBeLessThanOrEqual(2_000);
  });

  it('takes custom numbers', () => {
    const options = { initialDelayInMs: 20, maxDelayInMs: 100, factor: 3 };
    expect([0, 1, 2, 3].map((attempt) => computeReconnectDelay(attempt, options, () => 1))).toEqual([
      20, 60, 100, 100,
    ]);
  });
});
