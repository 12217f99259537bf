import type { SessionStoreV1 } from '@exai/core';
import type { Dashboard, DashboardScope, DashboardSnapshot } from './dashboard-types.js';
import type { SampleWindow } from './sample-window.js';
import { createStoreSamples } from './store-samples.js';
import { createStoreViews, type StoreViews } from './store-views.js';
import { summarizeSamples } from './summarize-samples.js';
import { listenToTelemetry, type TelemetrySamples } from './telemetry-samples.js';

export interface CreateDashboardOptions {
  /** Where the latest calls (audit records) and threads are read, and in `store` mode everything. */
  store: SessionStoreV1;
  /** The tenant of requests without credentials (`--no-auth`, stdio). Default `default`. */
  localTenantId?: string;
  /** How far back the tables and charts reach. Default 15 minutes (daemon), 24 hours (store). */
  windowInMs?: number;
  /** The most samples kept; past it the window shortens. Default 100,000. */
  maxSamples?: number;
  /** Store mode: how often the store is read for new records. Default 2 s. */
  pollIntervalInMs?: number;
}

/** About 180 points on the charts, in round bucket sizes. */
function bucketFor(windowInMs: number): number {
  const wanted = windowInMs / 180;
  const sizes = [1, 5, 10, 30, 60, 300, 600, 1800, 3600].map((seconds) => seconds * 1000);
  return sizes.find((size) => size >= wanted) ?? sizes.at(-1)!;
}

function buildDashboard({
  source,
  window,
  views,
  live,
  refresh,
  stop,
  now = Date.now,
}: {
  source: 'daemon' | 'store';
  window: SampleWindow;
  views: StoreViews;
  live: TelemetrySamples | undefined;
  refresh: () => Promise<void>;
  stop: () => void;
  now?: () => number;
}): Dashboard {
  const bucketInMs = bucketFor(window.windowInMs);
  const snapshots = new Map<string, { at: number; snapshot: Promise<DashboardSnapshot> }>();

  async function build({ tenantId }: DashboardScope): Promise<DashboardSnapshot> {
    await refresh();
    const at = now();
    const samples = window.select(at, (sample) => tenantId === undefined || sample.tenantId === tenantId);
    const summary = summarizeSamples(samples, {
      now: at,
      windowInMs: window.windowInMs,
      bucketInMs,
      gauges: live?.gauges(tenantId),
      withStoreOperations: live !== undefined,
    });
    return {
      at,
      source,
      scope: { tenantId: tenantId ?? null },
      windowInMs: window.windowInMs,
      bucketInMs,
      oldestSampleAt: window.oldestAt(),
      ...summary,
      breakers: live?.breakers(),
      latestCalls: await views.latestCalls({ tenantId }),
    };
  }

  return {
    source,
    // Every open page of one scope shares one snapshot per half second.
    snapshot(scope) {
      const key = scope.tenantId ?? '\u0000all';
      const cached = snapshots.get(key);
      if (cached !== undefined && now() - cached.at < 500) return cached.snapshot;
      const snapshot = build(scope);
      snapshot.catch(() => snapshots.delete(key));
      snapshots.set(key, { at: now(), snapshot });
      return snapshot;
    },
    searchThreads: (scope, search) => views.searchThreads(scope, search),
    close: stop,
  };
}

/**
 * The dashboard of a running daemon: live from this process's telemetry (tool and model calls,
 * in-flight, queues, breakers, cache, store operations), with the latest calls and threads read
 * from the store.
 */
export function createDaemonDashboard({
  store,
  localTenantId = 'default',
  windowInMs = 15 * 60_000,
  maxSamples = 100_000,
}: CreateDashboardOptions): Dashboard {
  const live = listenToTelemetry({ windowInMs, maxSamples });
  return buildDashboard({
    source: 'daemon',
    window: live.window,
    views: createStoreViews({ store, localTenantId }),
    live,
    refresh: () => Promise.resolve(),
    stop: () => live.close(),
  });
}

/**
 * The dashboard of a store alone (`exai dashboard` over the SQLite file of stdio users): calls,
 * latency, tokens and cost from its audit and usage records. What only a running process knows —
 * in-flight calls, queues, breakers — is absent.
 */
export function createStoreDashboard({
  store,
  localTenantId = 'default',
  windowInMs = 24 * 60 * 60_000,
  maxSamples = 100_000,
  pollIntervalInMs = 2_000,
}: CreateDashboardOptions): Dashboard {
  const views = createStoreViews({ store, localTenantId });
  const samples = createStoreSamples({
    store,
    tenantsOf: () => views.tenantsOf({ tenantId: undefined }),
    windowInMs,
    maxSamples,
  });
  let polledAt = 0;
  return buildDashboard({
    source: 'store',
    window: samples.window,
    views,
    live: undefined,
    refresh: async () => {
      if (Date.now() - polledAt < pollIntervalInMs) return;
      await samples.poll();
      polledAt = Date.now();
    },
    stop: () => {},
  });
}
