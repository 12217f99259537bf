import type { Agent, Dispatcher } from 'undici';
import { AbortedError, ApiCallError, InvalidArgumentError, OverCapacityError } from '../errors/index.js';
import { recordStatusOnSpan } from '../observability/record-transport-span.js';
import { Bulkhead } from './bulkhead.js';
import { CircuitBreakers } from './circuit-breakers.js';
import { parseRequestUrl } from './parse-request-url.js';
import { refuseBlockedHost } from './refuse-blocked-host.js';
import { createGuardedLookup } from './guarded-lookup.js';
import { loadUndiciAgent } from './load-undici.js';
import { transportClosedError } from './map-undici-error.js';
import { normalizeHeaders } from './normalize-headers.js';
import { redactSecrets } from './redact-secrets.js';
import { runWithRetries } from './retry-policy.js';
import { sendRequestAttempt, sendStreamAttempt } from './send-request.js';
import { toSafeUrl } from './safe-url.js';
import { StreamBody, StreamedResponse } from './stream-body.js';
import { emitEvent, type SendAttempt, TransportCall, type TransportContext } from './transport-call.js';
import {
  type ResolvedTransportSettings,
  resolveCallTimeouts,
  resolveTransportSettings,
} from './transport-settings.js';
import type {
  BulkheadStatus,
  CircuitState,
  CircuitStatus,
  HttpTransport,
  TransportRequestOptions,
  TransportResponse,
  HttpTransportSettings,
  TransportStreamResponse,
  TransportTarget,
} from './transport.js';

/**
 * Creates a transport: a keep-alive undici pool, timeouts per phase, retries, a circuit breaker per
 * provider and model and a bulkhead per provider. The pool (and undici itself), breakers and
 * bulkheads are created on first use, so creating a transport costs no import. The time the first
 * request waits for undici to load is not counted against its total timeout.
 */
export function createHttpTransport(settings: HttpTransportSettings = {}): HttpTransport {
  return new PolicyTransport(settings);
}

class PolicyTransport implements HttpTransport {
  private readonly settings: ResolvedTransportSettings;
  private readonly context: TransportContext;
  private ownedAgent: Promise<Agent> | undefined;
  private readonly breakers: CircuitBreakers;
  private readonly bulkheads = new Map<string, Bulkhead>();
  private closing: Promise<void> | undefined;

  constructor(private readonly rawSettings: HttpTransportSettings) {
    const settings = rawSettings;
    this.settings = resolveTransportSettings(settings);
    const { retry } = this.settings;
    const { dispatcher } = settings;
    this.context = {
      dispatcher,
      loadDispatcher: () => (dispatcher === undefined ? this.createAgent() : Promise.resolve(dispatcher)),
      retry,
      onEvent: settings.onEvent,
      liveCalls: new Set(),
    };
    this.breakers = new CircuitBreakers(this.settings.breaker, (event) => emitEvent(this.context, event));
  }

  async request(options: TransportRequestOptions): Promise<TransportResponse> {
    const call = this.startCall(options, sendRequestAttempt);
    try {
      if (call.circuit.isRefusing) throw call.circuit.openError();
      const queued = call.acquireSlot();
      if (queued !== undefined) await queued;
      const response = await runWithRetries(call);
      recordStatusOnSpan(response.status);
      call.finish(response.status);
      return response;
    } catch (error) {
      this.fail(call, error);
      throw error;
    }
  }

  async stream(options: TransportRequestOptions): Promise<TransportStreamResponse> {
    const call = this.startCall(options, sendStreamAttempt);
    call.streamed = true;
    try {
      if (call.circuit.isRefusing) throw call.circuit.openError();
      const queued = call.acquireSlot();
      if (queued !== undefined) await queued;
      const response = await runWithRetries(call);
      call.beginStreaming(response.body);
      const { statusCode: status, headers } = response;
      recordStatusOnSpan(status);
      const body = new StreamBody(call, response.body, status);
      return new StreamedResponse(call, status, normalizeHeaders(headers), body);
    } catch (error) {
      this.fail(call, error);
      throw error;
    }
  }

  circuitState(target: TransportTarget): CircuitState {
    return this.breakers.state(target);
  }

  status(): { circuits: CircuitStatus[]; bulkheads: BulkheadStatus[] } {
    const bulkheads = [...this.bulkheads.values()].map((bulkhead) => bulkhead.status());
    return { circuits: this.breakers.status(), bulkheads };
  }

  /**
   * Ends the calls in flight with `transport_closed` (closing their connections and freeing their
   * slots), then closes the owned pool. Calling it again returns the same promise.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const call of this.context.liveCalls) call.abort(transportClosedError(call.url));
      this.context.liveCalls.clear();
      this.breakers.shutdown();
      const agent = await this.ownedAgent;
      await agent?.close();
    })();
    return this.closing;
  }

  /** The transport's own keep-alive pool, created (and undici loaded) by the first request. */
  private createAgent(): Promise<Dispatcher> {
    this.ownedAgent ??= loadUndiciAgent().then((Agent) => {
      const { timeouts, connectionsPerOrigin } = this.settings;
      const { allowLinkLocalAddresses = false, lookup } = this.rawSettings;
      const agent = new Agent({
        connections: connectionsPerOrigin,
        connect: {
          timeout: timeouts.connectInMs,
          ...(allowLinkLocalAddresses
            ? lookup !== undefined && { lookup }
            : { lookup: createGuardedLookup(lookup) }),
        },
        headersTimeout: timeouts.firstByteInMs,
        bodyTimeout: timeouts.idleInMs,
      });
      this.context.dispatcher = agent;
      return agent;
    });
    return this.ownedAgent;
  }

  private startCall<T>(options: TransportRequestOptions, send: SendAttempt<T>): TransportCall<T> {
    const { url, target, abortSignal } = options;
    if (abortSignal?.aborted) throw new AbortedError({ cause: abortSignal.reason });
    let parsedUrl: URL;
    try {
      parsedUrl = parseRequestUrl(url);
    } catch (cause) {
      const message = `Invalid request URL: ${redactSecrets(url)}`;
      throw new InvalidArgumentError({ argument: 'url', message, cause });
    }
    const safeUrl = toSafeUrl(url, parsedUrl);
    if (this.closing !== undefined) throw transportClosedError(safeUrl);
    if (this.rawSettings.allowLinkLocalAddresses !== true) refuseBlockedHost(parsedUrl, target.provider);
    const circuit = this.breakers.get(target);
    const timeouts = resolveCallTimeouts(this.settings.timeouts, options.timeouts);
    return new TransportCall(
      this.context,
      options,
      safeUrl,
      parsedUrl,
      timeouts,
      circuit,
      this.bulkhead(target.provider),
      send,
    );
  }

  private fail<T>(call: TransportCall<T>, error: unknown): void {
    if (OverCapacityError.isInstance(error)) {
      emitEvent(this.context, { type: 'over-capacity', target: call.options.target });
    }
    if (ApiCallError.isInstance(error)) recordStatusOnSpan(error.statusCode);
    call.finish(undefined, error);
  }

  private bulkhead(provider: string): Bulkhead {
    let bulkhead = this.bulkheads.get(provider);
    if (bulkhead === undefined) {
      const { maxConcurrent, maxQueue } = {
        ...this.settings.bulkhead,
        ...this.settings.bulkheadByProvider[provider],
      };
      bulkhead = new Bulkhead(provider, maxConcurrent, maxQueue);
      this.bulkheads.set(provider, bulkhead);
    }
    return bulkhead;
  }
}
