import { InvalidConfigError } from '../errors/index.js';
import { defaultBreakerSettings, defaultRetrySettings } from '../resilience/resilience-settings.js';
import type {
  TransportBreakerSettings,
  TransportBulkheadSettings,
  TransportRetrySettings,
  HttpTransportSettings,
  TransportTimeouts,
} from './transport.js';

/**
 * Chosen together with the retry budget (150 s, `defaultRetrySettings`): each of the connect,
 * first-byte and idle timeouts plus the longest backoff (8 s) ends within the budget, so a hung
 * upstream is retried rather than given up on after one attempt; the total covers two first-byte
 * attempts and bounds a long streamed answer. See docs/resilience.md#timeouts.
 */
export const defaultTransportTimeouts: Readonly<TransportTimeouts> = Object.freeze({
  connectInMs: 10_000,
  firstByteInMs: 120_000,
  idleInMs: 60_000,
  totalInMs: 600_000,
});

/** The retry and breaker defaults live with the shared resilience module. */
export const defaultTransportRetry: Readonly<TransportRetrySettings> = defaultRetrySettings;

export const defaultTransportBreaker: Readonly<TransportBreakerSettings> = defaultBreakerSettings;

export const defaultTransportBulkhead: Readonly<TransportBulkheadSettings> = Object.freeze({
  maxConcurrent: 64,
  maxQueue: 256,
});

/** The keep-alive connections per origin when the settings name none: the largest bulkhead. */
export function connectionsForBulkheads(
  settings: Pick<ResolvedTransportSettings, 'bulkhead' | 'bulkheadByProvider'>,
): number {
  const limits = Object.values(settings.bulkheadByProvider).map((bulkhead) => bulkhead.maxConcurrent ?? 0);
  return Math.max(1, settings.bulkhead.maxConcurrent, ...limits);
}

/** The longest delay a Node timer can take (about 24.8 days); longer ones would fire at once. */
export const maxTimeoutInMs = 2_147_483_647;

/** Transport settings with every default filled in and every number checked. */
export interface ResolvedTransportSettings {
  timeouts: TransportTimeouts;
  retry: TransportRetrySettings;
  breaker: TransportBreakerSettings;
  bulkhead: TransportBulkheadSettings;
  bulkheadByProvider: Record<string, Partial<TransportBulkheadSettings>>;
  connectionsPerOrigin: number;
}

export function resolveTransportSettings(settings: HttpTransportSettings): ResolvedTransportSettings {
  const issues: string[] = [];
  const bulkhead = { ...defaultTransportBulkhead, ...settings.bulkhead };
  const bulkheadByProvider = settings.bulkheadByProvider ?? {};
  const largestBulkhead = connectionsForBulkheads({ bulkhead, bulkheadByProvider });
  const resolved: ResolvedTransportSettings = {
    timeouts: { ...defaultTransportTimeouts, ...settings.timeouts },
    retry: { ...defaultTransportRetry, ...settings.retry },
    breaker: { ...defaultTransportBreaker, ...settings.breaker },
    bulkhead,
    bulkheadByProvider,
    connectionsPerOrigin: settings.connectionsPerOrigin ?? largestBulkhead,
  };
  checkNumbers('timeouts', resolved.timeouts, 1, issues, maxTimeoutInMs);
  checkNumbers('retry', resolved.retry, 0, issues);
  checkNumbers('breaker', resolved.breaker, 0, issues, maxTimeoutInMs);
  checkNumbers('bulkhead', resolved.bulkhead, 0, issues);
  checkNumbers('bulkhead', { maxConcurrent: resolved.bulkhead.maxConcurrent }, 1, issues);
  for (const [provider, bulkhead] of Object.entries(resolved.bulkheadByProvider)) {
    checkNumbers(`bulkheadByProvider.${provider}`, { maxQueue: 0, ...bulkhead }, 0, issues);
    checkNumbers(`bulkheadByProvider.${provider}`, { maxConcurrent: bulkhead.maxConcurrent ?? 1 }, 1, issues);
  }
  checkNumbers('', { connectionsPerOrigin: resolved.connectionsPerOrigin }, 1, issues);
  if (
    settings.dispatcher === undefined &&
    settings.connectionsPerOrigin !== undefined &&
    resolved.connectionsPerOrigin < largestBulkhead
  ) {
    // Calls past the pool would wait for a connection with no queue to report it.
    issues.push(
      `connectionsPerOrigin (${resolved.connectionsPerOrigin}) must be at least the largest bulkhead ` +
        `maxConcurrent (${largestBulkhead}), or calls past it wait for a connection unseen; raise it ` +
        'or leave it unset (it then follows the bulkhead).',
    );
  }
  if (issues.length > 0) throw new InvalidConfigError({ source: 'transport settings', issues });
  return resolved;
}

/** Merges per-call timeout overrides; returns the transport's own object when there are none. */
export function resolveCallTimeouts(
  base: TransportTimeouts,
  overrides: Partial<TransportTimeouts> | undefined,
): TransportTimeouts {
  if (overrides === undefined) return base;
  const timeouts = { ...base, ...overrides };
  const issues: string[] = [];
  checkNumbers('options.timeouts', timeouts, 1, issues, maxTimeoutInMs);
  if (issues.length > 0) throw new InvalidConfigError({ source: 'transport request options', issues });
  return timeouts;
}

function checkNumbers(prefix: string, values: object, min: number, issues: string[], max = Infinity): void {
  for (const [key, value] of Object.entries(values)) {
    if (typeof value !== 'number' || Number.isNaN(value) || value < min || value > max) {
      const name = prefix ? `${prefix}.${key}` : key;
      const range = max === Infinity ? `≥ ${min}` : `from ${min} to ${max}`;
      issues.push(`${name} must be a number ${range}, got ${String(value)}.`);
    }
  }
}
