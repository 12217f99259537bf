import { createProviderRegistry } from '@exai/core';
import { createKimi } from '@exai/providers';
import { createFakeUpstream } from '@exai/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { connectToolHarness } from '../tool-test-helpers.js';

const upstream = await createFakeUpstream();
afterAll(() => upstream.close());

describe('chat with a base URL variable that has no scheme', () => {
  it('is a tool error naming the variable, its value and the fix', async () => {
    const kimi = createKimi({ env: { KIMI_API_KEY: 'k', KIMI_BASE_URL: 'localhost:1234/v1' } });
    const harness = await connectToolHarness(upstream, {
      runtime: { registry: createProviderRegistry({ providers: [kimi] }) },
    });
    try {
      const result = await harness.call('chat', { prompt: 'hi', model: 'kimi-k2' });
      expect(result.isError).toBe(true);
      expect(result.text).toContain('invalid_config');
      expect(result.text).toContain('KIMI_BASE_URL is "localhost:1234/v1", which has no scheme');
      expect(result.text).toContain('http://localhost:1234/v1');
      expect(upstream.requests).toHaveLength(0);
    } finally {
      await harness.close();
    }
  });
});
