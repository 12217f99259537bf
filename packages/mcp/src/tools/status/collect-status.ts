import type { ExaiRuntime } from '../../mcp-server/exai-runtime.js';
import type { BulkheadStatus, CircuitStatus } from '@exai/core';

export interface ServerStatus {
  version: string;
  uptime_seconds: number;
  tool_profile?: string;
  store: { kind: string; reachable: boolean; latency_ms: number; error?: string };
  providers: Array<{ id: string; base_url?: string; api_key: string; key_env?: string[] }>;
  circuits: Array<{ key: string; state: string; failures: number; successes: number }>;
  bulkheads: Array<{
    provider: string;
    in_flight: number;
    queued: number;
    max_concurrent: number;
    max_queue: number;
  }>;
  tool_load_errors: Array<{ name: string; message: string }>;
}

/** Pings the store, giving up after `timeoutInMs`; never throws. */
async function pingStore(runtime: ExaiRuntime, timeoutInMs: number): Promise<ServerStatus['store']> {
  const startedAt = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutInMs} ms`)), timeoutInMs);
  });
  try {
    await Promise.race([runtime.store.ping(), timeout]);
    return {
      kind: runtime.store.kind,
      reachable: true,
      latency_ms: Math.round(performance.now() - startedAt),
    };
  } catch (error) {
    return {
      kind: runtime.store.kind,
      reachable: false,
      latency_ms: Math.round(performance.now() - startedAt),
      error: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}

/** What `status` reports: nothing here calls a model or reveals a key. */
export async function collectStatus(
  runtime: ExaiRuntime,
  { pingTimeoutInMs = 2_000 } = {},
): Promise<ServerStatus> {
  const providers =
    runtime.providers?.map((summary) => ({
      id: summary.id,
      base_url: summary.baseURL,
      api_key: summary.apiKey,
      ...(summary.apiKeyEnvironmentVariables !== undefined && {
        key_env: [...summary.apiKeyEnvironmentVariables],
      }),
    })) ??
    [...new Set(runtime.registry.listModels().map((info) => info.provider))].map((id) => ({
      id,
      api_key: 'unknown',
    }));
  const transport = runtime.transport?.status() ?? { circuits: [], bulkheads: [] };
  return {
    version: runtime.version,
    uptime_seconds: Math.round(process.uptime()),
    ...(runtime.toolProfile !== undefined && { tool_profile: runtime.toolProfile }),
    store: await pingStore(runtime, pingTimeoutInMs),
    providers,
    circuits: transport.circuits.map((circuit: CircuitStatus) => ({ ...circuit })),
    bulkheads: transport.bulkheads.map((bulkhead: BulkheadStatus) => ({
      provider: bulkhead.provider,
      in_flight: bulkhead.inFlight,
      queued: bulkhead.queued,
      max_concurrent: bulkhead.maxConcurrent,
      max_queue: bulkhead.maxQueue,
    })),
    tool_load_errors: (runtime.toolLoadErrors ?? []).map(({ name, message }) => ({ name, message })),
  };
}
