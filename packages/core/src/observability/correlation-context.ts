import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line, provider call and store write of one request can name. */
export interface CorrelationContext {
  /** The request's correlation id (the client's `X-Correlation-ID` when sane, else its request id). */
  correlationId: string;
  /** The caller's tenant, once authentication has named it. */
  tenantId?: string;
}

const storage = new AsyncLocalStorage<CorrelationContext>();

/** Runs `fn` with `context` as the current correlation context of everything it starts. */
export function runWithCorrelation<T>(context: CorrelationContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The correlation context of the current request, or undefined outside one (stdio start-up, sweeps). */
export function currentCorrelation(): CorrelationContext | undefined {
  return storage.getStore();
}

/** The current request's correlation id, or undefined outside a request. */
export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}
