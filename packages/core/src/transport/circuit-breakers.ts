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
import { emitTelemetry } from '../observability/telemetry-events.js';
import type { CircuitBreaker } from '../resilience/circuit-breaker.js';
import { CircuitBreakerRegistry } from '../resilience/circuit-breaker-registry.js';
import { preloadResilienceLibraries } from '../resilience/load-resilience-libraries.js';
import type {
  CircuitState,
  CircuitStatus,
  TransportBreakerSettings,
  TransportEvent,
  TransportTarget,
} from './transport.js';

export type { BreakerAttempt } from '../resilience/circuit-breaker.js';

/** The breaker of one `provider:model` target (see `CircuitBreaker` in `resilience/`). */
export type TargetCircuit = CircuitBreaker;

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

const openError = ({
  key,
  retryAfterInMs,
  cause,
}: {
  key: string;
  retryAfterInMs: number;
  cause?: unknown;
}) => new CircuitOpenError({ target: key, retryAfterInMs, cause });

/** The transport's breakers, one per target, created on first use of a target. */
export class CircuitBreakers {
  private readonly registry: CircuitBreakerRegistry<TransportTarget>;

  constructor(settings: TransportBreakerSettings, emit: (event: TransportEvent) => void) {
    // Not at import time: a transport being created is about to need opossum and (maybe) p-retry.
    preloadResilienceLibraries();
    this.registry = new CircuitBreakerRegistry((key, target) => {
      const ownTarget = target.model
        ? { provider: target.provider, model: target.model }
        : { provider: target.provider };
      return {
        key,
        settings,
        isFailure: isUpstreamFailure,
        isInterruption,
        openError,
        onStateChange: (state: CircuitState) => {
          emitTelemetry({ type: 'breaker-state', ...ownTarget, state });
          emit({ type: 'circuit-state', target: ownTarget, state });
        },
      };
    });
  }

  get(target: TransportTarget): TargetCircuit {
    return this.registry.get(circuitKey(target), target);
  }

  state(target: TransportTarget): CircuitState {
    return this.registry.state(circuitKey(target));
  }

  status(): CircuitStatus[] {
    return this.registry.status();
  }

  shutdown(): void {
    this.registry.shutdown();
  }
}
