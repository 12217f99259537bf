import type { SessionStoreV1 } from '../session-store/v1/index.js';
import { activeTracer, recordSpanError } from './exai-tracer.js';
import { openTelemetryApi } from './otel-api.js';
import { emitTelemetry, telemetryEnabled } from './telemetry-events.js';

/** The contract methods that are timed: every async one except `close` (and `exportRecords`, a stream). */
const STORE_OPERATIONS = [
  'createTenant',
  'getTenant',
  'listTenants',
  'createApiKey',
  'findApiKeyByHash',
  'listApiKeys',
  'revokeApiKey',
  'markApiKeysUsed',
  'createThread',
  'getThread',
  'listThreads',
  'deleteThread',
  'appendTurn',
  'commitTurn',
  'listTurns',
  'getWorkflowState',
  'putWorkflowState',
  'putFileRecord',
  'getFileRecord',
  'adjustFileReferences',
  'deleteFileRecord',
  'listFileRecords',
  'recordUsage',
  'listUsage',
  'summarizeUsage',
  'appendAudit',
  'listAudit',
  'expire',
  'importRecords',
  'ping',
  'createTask',
  'getTask',
  'updateTask',
  'listTasks',
  'appendStreamEvent',
  'replayStreamEvents',
  'countTenantData',
  'deleteTenantData',
  'prune',
] as const satisfies readonly (keyof SessionStoreV1)[];

type StoreMethod = (...args: unknown[]) => Promise<unknown>;

/** Marks a store already wrapped. */
const TIMED = Symbol.for('exai.store-telemetry');

/** `db.system` of a store kind: the SQL engine where there is one, else the kind itself. */
function dbSystemOf(kind: string): string {
  return kind === 'postgres' || kind === 'supabase' ? 'postgresql' : kind;
}

async function observeOperation(
  store: SessionStoreV1,
  operation: string,
  method: StoreMethod,
  args: unknown[],
): Promise<unknown> {
  const tracer = activeTracer();
  const span = tracer?.startSpan(operation, {
    kind: openTelemetryApi().SpanKind.CLIENT,
    attributes: {
      'db.operation.name': operation,
      'db.system': dbSystemOf(store.kind),
      'db.system.name': dbSystemOf(store.kind),
      'exai.store.kind': store.kind,
    },
  });
  const startedAt = performance.now();
  let outcome: 'ok' | 'error' = 'ok';
  try {
    if (span === undefined) return await method.apply(store, args);
    const { context, trace } = openTelemetryApi();
    return await context.with(trace.setSpan(context.active(), span), () => method.apply(store, args));
  } catch (error) {
    outcome = 'error';
    if (span !== undefined) recordSpanError(span, error);
    throw error;
  } finally {
    span?.end();
    const durationInMs = performance.now() - startedAt;
    const tenantId = tenantOfOperation(operation, args);
    emitTelemetry({ type: 'store-operation', operation, outcome, durationInMs, tenantId });
  }
}

/**
 * The tenant a store operation works for: its first argument when that is the tenant id (every
 * per-tenant read and delete), or the `tenantId` of its input (every write; the `id` of a new
 * tenant).
 */
function tenantOfOperation(operation: string, args: readonly unknown[]): string | undefined {
  const first = args[0];
  if (typeof first === 'string') return operation === 'findApiKeyByHash' ? undefined : first;
  if (typeof first !== 'object' || first === null) return undefined;
  const input = first as { tenantId?: unknown; id?: unknown };
  const tenantId = operation === 'createTenant' ? input.id : input.tenantId;
  return typeof tenantId === 'string' ? tenantId : undefined;
}

/**
 * Times every operation of `store`: each call emits a `store-operation` telemetry event (the
 * contract method's name, `ok`/`error`, its duration) and, when an OpenTelemetry SDK is registered,
 * is a client span named after the method with `db.operation.name` and `db.system`. While no one
 * listens and no SDK is registered a call goes straight to the store after two checks. Changes
 * `store` in place, like `withStoreInputChecks` (its getters, prototype and identity stay), and
 * returns it; wrapping a store twice wraps it once.
 */
export function withStoreTelemetry<Store extends SessionStoreV1>(store: Store): Store {
  const methods = store as unknown as Record<string, StoreMethod> & { [TIMED]?: true };
  if (methods[TIMED] === true) return store;
  for (const operation of STORE_OPERATIONS) {
    const method = methods[operation];
    if (typeof method !== 'function') continue;
    methods[operation] = function timedStoreOperation(...args: unknown[]) {
      if (!telemetryEnabled() && activeTracer() === undefined) return method.apply(store, args);
      return observeOperation(store, operation, method, args);
    };
  }
  Object.defineProperty(store, TIMED, { value: true });
  return store;
}
