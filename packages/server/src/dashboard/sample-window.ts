/** What the dashboard keeps of one event: a tool call, a model call, a store operation, a lookup. */
export interface DashboardSample {
  /** Epoch ms. */
  at: number;
  kind: 'tool' | 'provider' | 'store' | 'cache-hit' | 'cache-miss' | 'fallback';
  /** Tool, provider, store operation name. */
  name: string;
  /** The tenant whose request it was; `undefined` outside a request. */
  tenantId: string | undefined;
  outcome: 'ok' | 'error' | 'cancelled';
  latencyInMs: number;
  /** Provider samples: the model (`provider:model`), tokens and cost. */
  model?: string;
  inputTokens?: number;
  outputTokens?: number;
  costInUsd?: number | undefined;
}

/**
 * The samples of the last `windowInMs`, oldest first, at most `maxSamples` (the oldest go first
 * past it, so a flood shortens the window rather than growing memory).
 */
export class SampleWindow {
  private samples: DashboardSample[] = [];
  private start = 0;

  constructor(
    readonly windowInMs: number,
    private readonly maxSamples: number,
  ) {}

  push(sample: DashboardSample): void {
    this.samples.push(sample);
    if (this.samples.length - this.start > this.maxSamples) this.start += 1;
    // Compact now and then instead of shifting on every push.
    if (this.start > 4096 && this.start * 2 > this.samples.length) {
      this.samples = this.samples.slice(this.start);
      this.start = 0;
    }
  }

  /** The samples inside the window ending at `now`, oldest first, kept by `keep`. */
  select(now: number, keep: (sample: DashboardSample) => boolean): DashboardSample[] {
    const from = now - this.windowInMs;
    while (this.start < this.samples.length && this.samples[this.start]!.at < from) this.start += 1;
    const selected: DashboardSample[] = [];
    for (let index = this.start; index < this.samples.length; index += 1) {
      const sample = this.samples[index]!;
      if (sample.at >= from && keep(sample)) selected.push(sample);
    }
    return selected;
  }

  /** When the oldest kept sample happened, if any. */
  oldestAt(): number | undefined {
    return this.samples[this.start]?.at;
  }
}
