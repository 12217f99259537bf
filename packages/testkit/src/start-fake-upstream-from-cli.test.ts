import { describe, expect, it } from 'vitest';
import { startFakeUpstreamFromCli } from './start-fake-upstream-from-cli.js';
import { postJson, sendRequest } from './test-http-client.js';

describe('startFakeUpstreamFromCli', () => {
  it('logs one line per request, including faults, and records nothing', async () => {
    const lines: string[] = [];
    const upstream = await startFakeUpstreamFromCli({
      port: 0,
      host: '127.0.0.1',
      log: (line) => lines.push(line),
    });
    try {
      await postJson(`${upstream.url}/v1/chat/completions`, { model: 'm', messages: [] });
      upstream.enqueue({ fault: 'reset' });
      await sendRequest(`${upstream.url}/v1/models`);
      await expect.poll(() => lines.length).toBe(2);
      expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\S+ POST \/v1\/chat\/completions 200 \d+ms$/);
      expect(lines[1]).toMatch(/GET \/v1\/models - \d+ms \(fault\)$/);
      expect(upstream.requests).toEqual([]);
    } finally {
      await upstream.close();
    }
  });
});
