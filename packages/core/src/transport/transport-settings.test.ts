import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '../errors/index.js';
import { createHttpTransport } from './create-transport.js';
import { getDefaultHttpTransport } from './default-transport.js';
import { fullJitterDelay } from './retry-policy.js';
import { resolveTransportSettings } from './transport-settings.js';

describe('transport settings', () => {
  it('fills in the defaults', () => {
    expect(resolveTransportSettings({})).toEqual({
      timeouts: { connectInMs: 10_000, firstByteInMs: 120_000, idleInMs: 60_000, totalInMs: 600_000 },
      retry: { maxRetries: 2, baseDelayInMs: 250, maxDelayInMs: 8_000, budgetInMs: 150_000 },
      breaker: {
        errorThresholdPercentage: 50,
        volumeThreshold: 5,
        rollingWindowInMs: 30_000,
        resetTimeoutInMs: 30_000,
      },
      bulkhead: { maxConcurrent: 64, maxQueue: 256 },
      bulkheadByProvider: {},
      connectionsPerOrigin: 64,
    });
  });

  it('has default timeouts that a retry can follow within the budget and the total', () => {
    const { timeouts, retry } = resolveTransportSettings({});
    for (const timeoutInMs of [timeouts.connectInMs, timeouts.firstByteInMs, timeouts.idleInMs]) {
      // An attempt that runs out of this timeout still leaves budget for the longest backoff.
      expect(timeoutInMs + retry.maxDelayInMs).toBeLessThan(retry.budgetInMs);
    }
    // The retried attempt may wait out its first-byte timeout too before the total ends the call.
    expect(2 * timeouts.firstByteInMs + retry.maxDelayInMs).toBeLessThan(timeouts.totalInMs);
  });

  it('sizes the connection pool from the largest bulkhead, and refuses a smaller pool', () => {
    expect(resolveTransportSettings({ bulkhead: { maxConcurrent: 200 } }).connectionsPerOrigin).toBe(200);
    expect(
      resolveTransportSettings({ bulkheadByProvider: { kimi: { maxConcurrent: 300 } } }).connectionsPerOrigin,
    ).toBe(300);
    expect(resolveTransportSettings({ connectionsPerOrigin: 100 }).connectionsPerOrigin).toBe(100);
    expect(() => resolveTransportSettings({ connectionsPerOrigin: 16 })).toThrow(
      /connectionsPerOrigin \(16\) must be at least the largest bulkhead maxConcurrent \(64\)/,
    );
  });

  it('accepts a provider with no queue at all', () => {
    const resolved = resolveTransportSettings({
      bulkheadByProvider: { kimi: { maxConcurrent: 1, maxQueue: 0 } },
    });
    expect(resolved.bulkheadByProvider.kimi).toEqual({ maxConcurrent: 1, maxQueue: 0 });
  });

  it('can be closed more than once', async () => {
    const transport = createHttpTransport();
    await transport.close();
    await expect(transport.close()).resolves.toBeUndefined();
  });

  it('names every invalid setting', () => {
    const error = (() => {
      try {
        createHttpTransport({
          timeouts: { totalInMs: 0 },
          retry: { maxRetries: -1 },
          bulkhead: { maxConcurrent: 0 },
        });
      } catch (caught) {
        return caught;
      }
    })();
    expect(InvalidConfigError.isInstance(error)).toBe(true);
    expect((error as InvalidConfigError).issues).toEqual([
      expect.stringContaining('timeouts.totalInMs'),
      expect.stringContaining('retry.maxRetries'),
      expect.stringContaining('bulkhead.maxConcurrent'),
    ]);
  });

  it('shares one lazily created default transport', () => {
    expect(getDefaultHttpTransport()).toBe(getDefaultHttpTransport());
  });
});

describe('fullJitterDelay', () => {
  const settings = { baseDelayInMs: 250, maxDelayInMs: 8_000 };

  it('is uniform up to base * 2^retries, capped at the maximum', () => {
    expect(fullJitterDelay(0, settings, () => 0.999)).toBeCloseTo(249.75);
    expect(fullJitterDelay(2, settings, () => 0.5)).toBe(500);
    expect(fullJitterDelay(10, settings, () => 1)).toBe(8_000);
    expect(fullJitterDelay(3, settings, () => 0)).toBe(0);
  });
});
