import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createExaiMetrics } from './exai-metrics.js';

const doc = readFileSync(
  fileURLToPath(new URL('../../../../docs/observability.md', import.meta.url)),
  'utf8',
);

/** The metric column of docs/observability.md's table: every backticked name of its first cell. */
function documentedMetrics(): string[] {
  const rows = doc.split('\n').filter((line) => line.startsWith('| `'));
  return rows.flatMap((row) => [...row.split('|')[1]!.matchAll(/`([^`]+)`/g)].map((match) => match[1]!));
}

describe("docs/observability.md's metric table", () => {
  it('lists exactly the metrics the registry exports (process metrics as process_* and nodejs_*)', async () => {
    const metrics = createExaiMetrics();
    try {
      const registered = (await metrics.registry.getMetricsAsJSON()).map((metric) => metric.name);
      const ownMetrics = registered.filter((name) => !/^(process|nodejs)_/.test(name)).sort();
      const documented = documentedMetrics();
      expect(documented.filter((name) => !name.endsWith('_*')).sort()).toEqual(ownMetrics);
      // The process metrics prom-client adds are summarised by their prefixes.
      for (const name of registered.filter((metric) => !ownMetrics.includes(metric)))
        expect(documented).toContain(`${name.split('_')[0]}_*`);
    } finally {
      metrics.close();
    }
  });
});
