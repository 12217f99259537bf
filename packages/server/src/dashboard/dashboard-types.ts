/** Whose data a dashboard request may see: one tenant, or every tenant (`tenantId: undefined`, admins). */
export interface DashboardScope {
  tenantId: string | undefined;
}

/** Calls and latency of one tool, provider or store operation over the window. */
export interface LatencyRow {
  name: string;
  calls: number;
  errors: number;
  cancelled: number;
  p50InMs: number | undefined;
  p95InMs: number | undefined;
}

export interface ToolRow extends LatencyRow {
  cacheHits: number;
  cacheMisses: number;
}

export interface ProviderRow extends LatencyRow {
  /** Requests holding a concurrency slot now (daemon only). */
  inFlight: number | undefined;
  /** Calls waiting for a slot now (daemon only). */
  queued: number | undefined;
  /** Calls that failed here and moved on to another provider. */
  fallbacks: number;
}

/** Tokens and cost of one model or tenant over the window. */
export interface SpendRow {
  name: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costInUsd: number;
  /** Calls whose model has no price in the catalogue. */
  unpriced: number;
}

export interface BreakerRow {
  /** `provider` or `provider:model`. */
  target: string;
  state: 'closed' | 'open' | 'half-open';
  /** When it entered this state, epoch ms. */
  since: number;
}

/** One tool call from the audit log: its arguments only as the audit record keeps them (redacted). */
export interface CallRow {
  at: string;
  tenantId: string;
  tool: string;
  model: string | undefined;
  outcome: string;
  errorCode: string | undefined;
  latencyInMs: number | undefined;
  inputTokens: number | undefined;
  outputTokens: number | undefined;
  costInUsd: number | undefined;
  correlationId: string | undefined;
  arguments: unknown;
}

export interface ThreadRow {
  tenantId: string;
  id: string;
  title: string | undefined;
  tool: string | undefined;
  turnCount: number;
  updatedAt: string;
}

/** Everything the page shows, for one scope, at one moment. */
export interface DashboardSnapshot {
  at: number;
  /** `daemon`: live telemetry of this process; `store`: read from the store's records. */
  source: 'daemon' | 'store';
  scope: { tenantId: string | null };
  windowInMs: number;
  bucketInMs: number;
  /** The oldest sample kept, epoch ms: later than the window start when the sample cap cut it. */
  oldestSampleAt: number | undefined;
  totals: {
    calls: number;
    errors: number;
    errorRate: number;
    /** Over the last minute. */
    callsPerSecond: number;
    p50InMs: number | undefined;
    p95InMs: number | undefined;
    inputTokens: number;
    outputTokens: number;
    costInUsd: number;
    inFlight: number | undefined;
    queued: number | undefined;
  };
  /** Per bucket: start (epoch seconds), calls and errors per second, latency percentiles. */
  series: {
    at: number[];
    callsPerSecond: number[];
    errorsPerSecond: number[];
    p50InMs: Array<number | null>;
    p95InMs: Array<number | null>;
  };
  tools: ToolRow[];
  providers: ProviderRow[];
  /** Daemon only (`undefined` from the store). */
  storeOperations: LatencyRow[] | undefined;
  models: SpendRow[];
  tenants: SpendRow[];
  /** Daemon only (`undefined` from the store). */
  breakers: BreakerRow[] | undefined;
  latestCalls: CallRow[];
}

/** What the dashboard routes read from. */
export interface Dashboard {
  readonly source: 'daemon' | 'store';
  snapshot(scope: DashboardScope): Promise<DashboardSnapshot>;
  searchThreads(scope: DashboardScope, search: string): Promise<ThreadRow[]>;
  /** Stops listening to telemetry or polling the store. */
  close(): void;
}
