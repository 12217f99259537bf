// Cost of one telemetry event for each listener: none, the Prometheus registry (`createExaiMetrics`)
// and the daemon dashboard's live samples. Emits a chat call's typical events through
// `emitTelemetry` in alternating rounds and prints the median ns per event and the ratios.
// Usage: npm run bench:metrics   (BENCH_ROUNDS, BENCH_EVENTS per round)
import { emitTelemetry, type TelemetryEvent } from '@exai/core';
import { createDaemonDashboard, createExaiMetrics } from '@exai/server';
import { median } from '../support/measure.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const eventsPerRound = Number(process.env.BENCH_EVENTS ?? 200_000);

/** The events of one stateless `chat` call over HTTP (tool call, model call, store writes). */
const chatCallEvents: TelemetryEvent[] = [
  { type: 'provider-in-flight', provider: 'kimi', delta: 1 },
  { type: 'store-operation', operation: 'getThread', outcome: 'ok', durationInMs: 0.4 },
  { type: 'cache-lookup', tool: 'chat', outcome: 'miss' },
  {
    type: 'model-call',
    provider: 'kimi',
    model: 'kimi-k2',
    operation: 'chat',
    outcome: 'ok',
    durationInMs: 210.5,
    timeToFirstTokenInMs: 40.2,
    inputTokens: 1200,
    outputTokens: 310,
  },
  { type: 'provider-in-flight', provider: 'kimi', delta: -1 },
  { type: 'store-operation', operation: 'appendMessages', outcome: 'ok', durationInMs: 1.3 },
  { type: 'store-operation', operation: 'recordUsage', outcome: 'ok', durationInMs: 0.9 },
  { type: 'tool-call', tool: 'chat', outcome: 'ok', durationInMs: 215.1 },
];

function nsPerEvent(): number {
  const startedAt = process.hrtime.bigint();
  for (let index = 0; index < eventsPerRound; index += 1)
    emitTelemetry(chatCallEvents[index % chatCallEvents.length]!);
  return Number(process.hrtime.bigint() - startedAt) / eventsPerRound;
}

type Listener = 'none' | 'metrics' | 'dashboard';

function measure(listener: Listener): number {
  if (listener === 'none') return nsPerEvent();
  if (listener === 'metrics') {
    const metrics = createExaiMetrics({ processMetrics: false });
    try {
      return nsPerEvent();
    } finally {
      metrics.close();
    }
  }
  // The live samples never read the store; the page's store views are not part of this cost.
  const dashboard = createDaemonDashboard({ store: {} as never });
  try {
    return nsPerEvent();
  } finally {
    dashboard.close();
  }
}

const listeners: Listener[] = ['none', 'metrics', 'dashboard'];
const results = new Map<Listener, number[]>(listeners.map((listener) => [listener, []]));
for (const listener of listeners) measure(listener); // warm-up
for (let round = 0; round < rounds; round += 1)
  for (const listener of listeners) results.get(listener)!.push(measure(listener));

const none = median(results.get('none')!);
console.log(`telemetry listener cost, ${rounds} rounds × ${eventsPerRound} events (median ns/event)`);
for (const listener of listeners) {
  const ns = median(results.get(listener)!);
  const ratio = listener === 'none' ? '' : `  ${(ns / none).toFixed(0)}× none`;
  console.log(`  ${listener.padEnd(10)} ${ns.toFixed(1).padStart(9)} ns${ratio}`);
}
const metricsNs = median(results.get('metrics')!);
const dashboardNs = median(results.get('dashboard')!);
console.log(`  metrics ÷ dashboard: ${(metricsNs / dashboardNs).toFixed(2)}`);
