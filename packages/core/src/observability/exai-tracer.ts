import type { Attributes, ProxyTracerProvider, Span, Tracer, TracerProvider } from '@opentelemetry/api';
import { ExaiError } from '../errors/exai-error.js';
import { openTelemetryApi, tracerProviderRegistered } from './otel-api.js';

/** The instrumentation scope of every exai span. */
export const EXAI_TRACER_NAME = '@exai/core';

/** The provider a fresh proxy delegates to before any SDK is registered: the API's no-op one. */
let noopProvider: TracerProvider | undefined;

let seenProvider: TracerProvider | undefined;
let seenTracer: Tracer | undefined;

function delegateOf(provider: TracerProvider): TracerProvider {
  const proxy = provider as Partial<ProxyTracerProvider>;
  return typeof proxy.getDelegate === 'function' ? proxy.getDelegate() : provider;
}

function isNoop(provider: TracerProvider): boolean {
  // Another copy of `@opentelemetry/api` has its own no-op instance, with the same class name.
  noopProvider ??= new (openTelemetryApi().ProxyTracerProvider)().getDelegate();
  return provider === noopProvider || provider.constructor?.name === 'NoopTracerProvider';
}

/**
 * exai's tracer, or `undefined` while no OpenTelemetry SDK is registered. Callers skip building
 * spans (and the closures and attribute objects that go with them) when it is `undefined`, so
 * tracing costs a global look-up per operation until someone configures an SDK — and the API
 * package is not even loaded until then. The tracer is cached per registered provider.
 */
export function activeTracer(): Tracer | undefined {
  if (!tracerProviderRegistered()) return undefined;
  const provider = delegateOf(openTelemetryApi().trace.getTracerProvider());
  if (provider !== seenProvider) {
    seenProvider = provider;
    seenTracer = isNoop(provider) ? undefined : provider.getTracer(EXAI_TRACER_NAME);
  }
  return seenTracer;
}

/** The `error.type` of an error: an `ExaiError`'s stable code, else the error's class name. */
export function errorTypeOf(error: unknown): string {
  if (ExaiError.isInstance(error)) return error.code;
  return error instanceof Error ? error.name : '_OTHER';
}

/** Marks `span` failed with `error` (its type and message; the message is already redacted). */
export function recordSpanError(span: Span, error: unknown, attributes?: Attributes): void {
  span.setAttribute('error.type', errorTypeOf(error));
  if (attributes !== undefined) span.setAttributes(attributes);
  const message = error instanceof Error ? error.message : String(error);
  span.setStatus({ code: openTelemetryApi().SpanStatusCode.ERROR, message });
}

/**
 * The span of the current context when it is recording, else `undefined`: lets code deep in a
 * call (the transport) add what only it knows to the span its caller started. Costs one global
 * look-up when tracing is off.
 */
export function recordingSpan(): Span | undefined {
  if (activeTracer() === undefined) return undefined;
  const span = openTelemetryApi().trace.getActiveSpan();
  return span?.isRecording() ? span : undefined;
}
