import { createMemorySessionStore } from '@exai/core';
import { describe, expect, it } from 'vitest';

import { summarizeUsageBy } from './usage-report.js';

describe('summarizeUsageBy', () => {
  it('keeps summed costs to the nano-dollar, without a floating-point tail', async () => {
    const store = createMemorySessionStore();
    for (const costInUsd of [0.1, 0.2]) {
      await store.recordUsage({
        tenantId: 'default',
        model: 'kimi:kimi-k2-0905-preview',
        inputTokens: 1,
        outputTokens: 1,
        latencyInMs: 1,
        status: 'ok',
        costInUsd,
      });
    }
    const rows = await summarizeUsageBy(store, { tenantIds: ['default'], from: undefined, by: 'model' });
    expect(rows).toMatchObject([{ calls: 2, costInUsd: 0.3 }]);
  });
});
