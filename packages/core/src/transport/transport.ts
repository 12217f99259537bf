import type { ConnectLookup } from './guarded-lookup.js';
import type { Dispatcher } from 'undici';
import type {
  BreakerSettings,
  CircuitState as ResilienceCircuitState,
  RetrySettings,
} from '../resilience/resilience-settings.js';

/** Who a request is for: the bulkhead is per provider, the circuit breaker per provider and model. */
export interface TransportTarget {
  provider: string;
  model?: string;
}

export interface TransportTimeouts {
  /** Establishing the TCP/TLS connection. */
  connectInMs: number;
  /** From sending the request to the response headers. */
  firstByteInMs: number;
  /** Between two chunks of a response body. */
  idleInMs: number;
  /** The whole call, retries included. */
  totalInMs: number;
}

/** Retries of a call (the shared `RetrySettings` of `resilience/`). */
export type TransportRetrySettings = RetrySettings;

/** The breaker of each target (the shared `BreakerSettings` of `resilience/`). */
export type TransportBreakerSettings = BreakerSettings;

export interface TransportBulkheadSettings {
  /** Requests to one provider in flight at once. */
  maxConcurrent: number;
  /** Requests waiting for a slot; beyond this, calls fail with `OverCapacityError`. */
  maxQueue: number;
}

export interface HttpTransportSettings {
  /** An undici dispatcher to send through; by default a keep-alive `Agent` owned by the transport. */
  dispatcher?: Dispatcher;
  timeouts?: Partial<TransportTimeouts>;
  retry?: Partial<TransportRetrySettings>;
  breaker?: Partial<TransportBreakerSettings>;
  bulkhead?: Partial<TransportBulkheadSettings>;
  /** Per-provider bulkhead overrides, by provider id. */
  bulkheadByProvider?: Record<string, Partial<TransportBulkheadSettings>>;
  /**
   * Keep-alive connections per origin in the default agent. Default: the largest bulkhead
   * `maxConcurrent` (of `bulkhead` and `bulkheadByProvider`), so the bulkhead, which reports its
   * queue, is the limit and never the pool; a smaller value is refused.
   */
  connectionsPerOrigin?: number;
  /** Observability hook: retries, breaker transitions, rejections. */
  onEvent?: (event: TransportEvent) => void;
  /**
   * Let requests reach link-local addresses (169.254.0.0/16, fe80::/10) and cloud metadata
   * services (169.254.169.254, fd00:ec2::254, metadata.google.internal, …). Default false: such a
   * request fails with `blocked_address` — checked on the URL's host, and at connect time on the
   * addresses its name resolves to, so DNS rebinding cannot get around it. Loopback and private
   * addresses are always allowed. (An injected `dispatcher` is checked on the URL's host only.)
   */
  allowLinkLocalAddresses?: boolean;
  /** The DNS lookup the transport's own pool connects with (default `node:dns` `lookup`). */
  lookup?: ConnectLookup;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface TransportRequestOptions {
  url: string;
  method?: HttpMethod;
  headers?: Record<string, string>;
  body?: string | Uint8Array | FormData;
  target: TransportTarget;
  abortSignal?: AbortSignal;
  /** Per-call overrides of the transport's timeouts. */
  timeouts?: Partial<TransportTimeouts>;
  /** Set to false for calls that must not be repeated. Default true. */
  retry?: boolean;
  /**
   * Told when the call waits in the provider's bulkhead queue for a slot (`queued`), and when it
   * gets one after waiting (`dequeued`); not called when a slot is free at once.
   */
  onQueue?: (event: TransportQueueEvent) => void;
  /** Stamped on the telemetry events of this call (`provider-in-flight`, `provider-queued`). */
  telemetry?: { tenantId?: string };
}

/** A call entering or leaving its provider's bulkhead queue. */
export type TransportQueueEvent =
  | {
      type: 'queued';
      provider: string;
      /** 1 for the first in line. */ position: number;
      maxConcurrent: number;
    }
  | { type: 'dequeued'; provider: string; waitedInMs: number };

export interface TransportResponseBase {
  /**
   * The request URL as it may appear in errors and logs: `user:password@` removed and the values
   * of key-like query parameters (`api_key`, `key`, `token`, …) replaced by `[REDACTED]`.
   */
  url: string;
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /**
   * Removes this request's own credentials (the values of its `authorization` and API-key headers,
   * the token after `Bearer `, its URL's userinfo and key-like query values) and anything shaped like
   * a credential from text the upstream sent back, before it goes into an error. Optional for
   * implementers: without it, callers fall back to the pattern rules of `redactSecrets`.
   */
  redact?(text: string): string;
}

/** A response read whole, inside the retry loop (so a reset mid-body is retried). */
export interface TransportResponse extends TransportResponseBase {
  body: Uint8Array;
  text(): string;
}

/**
 * A response whose body is delivered as it arrives. The idle and total timeouts apply while
 * iterating; an error after the first byte is thrown from the iterator and never retried, but it
 * counts as a failure for the circuit breaker when it is the upstream's fault (a reset, an idle
 * timeout). Breaking out of the iteration, or aborting, closes the connection and frees the slot.
 */
export interface TransportStreamResponse extends TransportResponseBase {
  body: AsyncIterable<Uint8Array>;
  /**
   * Reports a failure the transport cannot see in the bytes — a `StreamError` or
   * `InvalidResponseError` found by the provider after the first byte — so the circuit breaker
   * counts this call as failed. It is never retried. At most one failure counts per call; aborts,
   * the total deadline and other errors are ignored. Optional for implementers.
   */
  reportFailure?(error: unknown): void;
}

export type CircuitState = ResilienceCircuitState;

export type TransportEvent =
  | { type: 'retry'; target: TransportTarget; attempt: number; delayInMs: number; error: unknown }
  | { type: 'circuit-state'; target: TransportTarget; state: CircuitState }
  | { type: 'over-capacity'; target: TransportTarget }
  | { type: 'request-end'; target: TransportTarget; status?: number; durationInMs: number; error?: unknown };

export interface CircuitStatus {
  /** `provider:model`. */
  key: string;
  state: CircuitState;
  /** Counts in the current rolling window. */
  failures: number;
  successes: number;
}

export interface BulkheadStatus {
  provider: string;
  inFlight: number;
  queued: number;
  maxConcurrent: number;
  maxQueue: number;
}

/**
 * The one place resilience lives: keep-alive pools, timeouts, retries, circuit breakers and
 * bulkheads. Providers send every request through a transport and carry no resilience of their own.
 * Non-2xx responses are thrown as `ApiCallError`; every failure is an `ExaiError`.
 */
export interface HttpTransport {
  request(options: TransportRequestOptions): Promise<TransportResponse>;
  stream(options: TransportRequestOptions): Promise<TransportStreamResponse>;
  circuitState(target: TransportTarget): CircuitState;
  status(): { circuits: CircuitStatus[]; bulkheads: BulkheadStatus[] };
  /**
   * Ends every call still in flight (queued, waiting for headers, or a stream being read) with a
   * `transport_closed` error, then closes the pools this transport owns. Later calls fail with
   * `transport_closed`. Calling it again returns the same promise.
   */
  close(): Promise<void>;
}
