// A closed-loop HTTP load generator on an undici Pool: `connections` callers, each sending the
// next POST as soon as the previous answer has been read and checked.
import { Pool } from 'undici';
import { percentile } from '../support/measure.js';

export interface LoadTarget {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Whether an answer counts as a success. */
  check(statusCode: number, contentType: string, body: string): boolean;
}

/** The sizes every HTTP throughput part of `bench:mcp` takes. */
export interface ThroughputBenchOptions {
  upstreamUrl: string;
  rounds: number;
  callsPerRound: number;
  warmupCalls: number;
  concurrency: number;
}

export interface LoadResult {
  callsPerSecond: number;
  p50InMs: number;
  p99InMs: number;
  errors: number;
  /** The first failed answer, to show when something is wrong. */
  firstError: string | undefined;
}

export interface LoadGenerator {
  run(total: number): Promise<LoadResult>;
  close(): Promise<void>;
}

export function createLoadGenerator(
  target: LoadTarget,
  { connections }: { connections: number },
): LoadGenerator {
  const url = new URL(target.url);
  const pool = new Pool(url.origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
  const path = `${url.pathname}${url.search}`;

  return {
    async run(total) {
      const latenciesInMs: number[] = new Array(total);
      let next = 0;
      let errors = 0;
      let firstError: string | undefined;
      const fail = (reason: string) => {
        errors += 1;
        firstError ??= reason;
      };
      async function caller(): Promise<void> {
        while (next < total) {
          const index = next++;
          const startedAt = performance.now();
          try {
            const response = await pool.request({
              method: 'POST',
              path,
              headers: target.headers,
              body: target.body,
            });
            const text = await response.body.text();
            const contentType = String(response.headers['content-type'] ?? '');
            if (!target.check(response.statusCode, contentType, text))
              fail(`HTTP ${response.statusCode}: ${text.slice(0, 300)}`);
          } catch (error) {
            fail(error instanceof Error ? error.message : String(error));
          }
          latenciesInMs[index] = performance.now() - startedAt;
        }
      }
      const startedAt = performance.now();
      await Promise.all(Array.from({ length: Math.min(connections, total) }, caller));
      const durationInMs = performance.now() - startedAt;
      return {
        callsPerSecond: (total / durationInMs) * 1000,
        p50InMs: percentile(latenciesInMs, 0.5),
        p99InMs: percentile(latenciesInMs, 0.99),
        errors,
        firstError,
      };
    },
    close: () => pool.close(),
  };
}
