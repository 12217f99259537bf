import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { SeriesHistogram } from './series-histogram.js';

const options = (registers: Registry[]) => ({
  name: 'exai_test_duration_seconds',
  help: 'A test histogram.',
  labelNames: ['tool', 'outcome'],
  buckets: [0.01, 0.1, 1, 10],
  registers,
});

describe('SeriesHistogram', () => {
  it("exports exactly what prom-client's Histogram does, also after a reset", async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const histogram = new SeriesHistogram(options([ours]));
    const reference = new Histogram(options([theirs]));
    const values = [0.001, 0.01, 0.05, 0.1, 0.7, 3, 10, 42, 0.2, 1e-9];
    const observe = () =>
      values.forEach((value, index) => {
        const labels = [index % 3 === 0 ? 'chat' : 'planner', index % 2 === 0 ? 'ok' : 'error'] as const;
        histogram.labels(...labels).observe(value);
        reference.observe({ tool: labels[0], outcome: labels[1] }, value);
      });
    const chat = histogram.labels('chat', 'ok');
    observe();
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.getMetricsAsJSON()).toEqual(await theirs.getMetricsAsJSON());

    ours.resetMetrics();
    theirs.resetMetrics();
    expect(await ours.metrics()).toBe(await theirs.metrics());
    chat.observe(0.5);
    reference.observe({ tool: 'chat', outcome: 'ok' }, 0.5);
    observe();
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(() => chat.observe(Number.NaN)).toThrow(TypeError);
  });
});
