import type { Metric, Registry } from 'prom-client';

/** One series of a histogram: its labels, a count per bucket (not cumulative), sum and count. */
interface Series {
  labels: Record<string, string>;
  buckets: number[];
  sum: number;
  count: number;
}

/** A histogram series resolved once for a combination of label values; `observe` does no lookup. */
export interface HistogramChild {
  observe(value: number): void;
}

interface ExportedValue {
  labels: Record<string, string | number>;
  sharedLabels: Record<string, string>;
  value: number;
  metricName: string;
  exemplar?: null;
}

/**
 * A Prometheus histogram for the telemetry hot path: `labels(...)` resolves a series once and its
 * `observe` adds to plain numbers — no label object, hash string or map lookup per observation,
 * which is most of what prom-client's `Histogram.observe` costs. It registers in a prom-client
 * `Registry` and exports exactly what a prom-client `Histogram` with the same name, labels and
 * buckets would (same lines, same order), so `/metrics` reads the same.
 */
export class SeriesHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly name: string;
  readonly help: string;
  private readonly labelNames: readonly string[];
  private readonly upperBounds: readonly number[];
  /** Series by their label values joined with `\u0000`, in creation order (the export order). */
  private readonly series = new Map<string, Series>();
  /** Bumped by `reset()`, so a child drops the series it held. */
  private generation = 0;

  constructor(options: {
    name: string;
    help: string;
    labelNames: readonly string[];
    buckets: readonly number[];
    registers: readonly Registry[];
  }) {
    this.name = options.name;
    this.help = options.help;
    this.labelNames = options.labelNames;
    this.upperBounds = [...options.buckets].sort((a, b) => a - b);
    for (const registry of options.registers) registry.registerMetric(this as unknown as Metric);
  }

  /** The series of these label values (in `labelNames` order); created on its first observation. */
  labels(...values: string[]): HistogramChild {
    const key = values.join('\u0000');
    let series: Series | undefined;
    let generation = -1;
    const upperBounds = this.upperBounds;
    return {
      observe: (value) => {
        if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
        if (generation !== this.generation) {
          series = this.seriesOf(key, values);
          generation = this.generation;
        }
        const current = series!;
        current.sum += value;
        current.count += 1;
        for (let index = 0; index < upperBounds.length; index += 1) {
          if (value <= upperBounds[index]!) {
            current.buckets[index]! += 1;
            return;
          }
        }
      },
    };
  }

  private seriesOf(key: string, values: readonly string[]): Series {
    let series = this.series.get(key);
    if (series === undefined) {
      const labels: Record<string, string> = {};
      this.labelNames.forEach((name, index) => (labels[name] = values[index]!));
      series = { labels, buckets: this.upperBounds.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, series);
    }
    return series;
  }

  /** What prom-client's `Registry` renders: the buckets' `le` first, then the series' labels. */
  getForPromString(): Promise<{
    name: string;
    help: string;
    type: string;
    values: ExportedValue[];
    aggregator: string;
  }> {
    const values: ExportedValue[] = [];
    const bucket = `${this.name}_bucket`;
    for (const { labels, buckets, sum, count } of this.series.values()) {
      let cumulative = 0;
      this.upperBounds.forEach((le, index) => {
        cumulative += buckets[index]!;
        values.push({
          labels: { le },
          sharedLabels: labels,
          value: cumulative,
          metricName: bucket,
          exemplar: null,
        });
      });
      values.push({
        labels: { le: '+Inf' },
        sharedLabels: labels,
        value: count,
        metricName: bucket,
        exemplar: null,
      });
      values.push({ labels: {}, sharedLabels: labels, value: sum, metricName: `${this.name}_sum` });
      values.push({ labels: {}, sharedLabels: labels, value: count, metricName: `${this.name}_count` });
    }
    return Promise.resolve({
      name: this.name,
      help: this.help,
      type: this.type,
      values,
      aggregator: this.aggregator,
    });
  }

  /** The same values with every label in `labels` (prom-client's `getMetricsAsJSON`). */
  async get(): Promise<{ name: string; help: string; type: string; values: object[]; aggregator: string }> {
    const data = await this.getForPromString();
    const values = data.values.map(({ labels, sharedLabels, ...rest }) => ({
      ...rest,
      labels: { ...labels, ...sharedLabels },
    }));
    return { ...data, values };
  }

  reset(): void {
    this.series.clear();
    this.generation += 1;
  }
}
