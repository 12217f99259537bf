import { AllModelsFailedError, type FallbackAttempt } from '../errors/all-models-failed-error.js';
import { activeTracer } from '../observability/exai-tracer.js';
import { emitTelemetry } from '../observability/telemetry-events.js';
import { traceModelAttempt } from '../observability/trace-model-attempt.js';
import type { LanguageModelV1CallOptions } from '../language-model/v1/index.js';
import type { ChainEntry } from './chain-entry.js';
import { shouldFallBack, throwIfAborted, toFallbackAttempt } from './fallback-policy.js';
import type { RegistryCallMetadata, ResolvedModel } from './provider-registry.js';

/**
 * Calls the chain's models in order until `call` resolves for one. An error that `shouldFallBack`
 * rejects is thrown as it is; an abort stops the chain at once. When every model fails, a chain
 * of one rethrows its error unchanged and a longer chain throws `AllModelsFailedError` with every
 * attempt. Each model tried is a `chat <model>` span when tracing is on, and each move to the
 * next model a `provider-fallback` telemetry event.
 */
export async function callWithFallback<Result extends object>(
  chain: readonly ChainEntry[],
  { abortSignal, telemetry }: Pick<LanguageModelV1CallOptions, 'abortSignal' | 'telemetry'>,
  call: (model: ResolvedModel) => Promise<Result>,
): Promise<Result & RegistryCallMetadata> {
  const attempts: FallbackAttempt[] = [];
  let lastError: unknown;
  let failedSpec: string | undefined;
  for (const entry of chain) {
    throwIfAborted(abortSignal);
    if (!('resolved' in entry)) {
      attempts.push(toFallbackAttempt(entry.spec, entry.error));
      lastError = entry.error;
      failedSpec = entry.spec;
      continue;
    }
    if (failedSpec !== undefined) emitFallback(failedSpec, entry.resolved.spec, telemetry?.tenantId);
    try {
      const tracer = activeTracer();
      const { resolved } = entry;
      const result = await (tracer === undefined
        ? call(resolved)
        : traceModelAttempt(tracer, resolved.model, () => call(resolved)));
      return { ...result, answeredBy: entry.resolved, fallbacks: attempts };
    } catch (error) {
      throwIfAborted(abortSignal, error);
      if (!shouldFallBack(error)) throw error;
      attempts.push(toFallbackAttempt(entry.resolved.spec, error));
      lastError = error;
      failedSpec = entry.resolved.spec;
    }
  }
  if (chain.length === 1) throw lastError;
  throw new AllModelsFailedError({ attempts, cause: lastError });
}

/** The provider of a `provider:model` spec. */
function providerOf(spec: string): string {
  const colon = spec.indexOf(':');
  return colon === -1 ? spec : spec.slice(0, colon);
}

function emitFallback(fromSpec: string, toSpec: string, tenantId: string | undefined): void {
  emitTelemetry({
    type: 'provider-fallback',
    fromProvider: providerOf(fromSpec),
    toProvider: providerOf(toSpec),
    tenantId,
  });
}
