import { emitTelemetry, ExaiError, telemetryEnabled, type LanguageModelV1Usage } from '@exai/core';

/** `provider:model` → its two parts (a model id may itself hold colons). */
function splitSpec(spec: string): { provider: string; model: string } {
  const colon = spec.indexOf(':');
  return colon < 0
    ? { provider: spec, model: 'unknown' }
    : { provider: spec.slice(0, colon), model: spec.slice(colon + 1) };
}

/** Reports one model call (after fallbacks) to the telemetry hooks: who answered, time, tokens. */
export function reportModelCall({
  spec,
  catalogued,
  startedAt,
  firstTokenAt,
  usage,
  error,
  signal,
  tenantId,
}: {
  spec: string;
  /** Whether the provider's catalogue lists the model (unlisted ids are bucketed in metrics). */
  catalogued: boolean;
  startedAt: number;
  firstTokenAt?: number | undefined;
  usage?: LanguageModelV1Usage | undefined;
  error?: unknown;
  signal?: AbortSignal | undefined;
  /** The tenant the call was made for. */
  tenantId?: string | undefined;
}): void {
  if (!telemetryEnabled()) return;
  const outcome = error === undefined ? 'ok' : signal?.aborted === true ? 'cancelled' : 'error';
  emitTelemetry({
    type: 'model-call',
    ...splitSpec(spec),
    catalogued,
    operation: 'chat',
    outcome,
    durationInMs: performance.now() - startedAt,
    ...(firstTokenAt !== undefined && { timeToFirstTokenInMs: firstTokenAt - startedAt }),
    ...(usage?.inputTokens !== undefined && { inputTokens: usage.inputTokens }),
    ...(usage?.outputTokens !== undefined && { outputTokens: usage.outputTokens }),
    ...(error !== undefined && { errorCode: ExaiError.isInstance(error) ? error.code : 'internal' }),
    tenantId,
  });
}
