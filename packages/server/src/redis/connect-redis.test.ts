import { describe, expect, it } from 'vitest';
import { connectRedis } from './connect-redis.js';

describe('connectRedis', () => {
  it('fails with the socket error and leaves nothing running when Redis cannot be reached', async () => {
    const before = process
      .getActiveResourcesInfo()
      .filter((kind) => kind === 'TCPSocketWrap' || kind === 'Timeout').length;
    await expect(
      connectRedis({ url: 'redis://127.0.0.1:1', keyPrefix: 'exai:', connectTimeoutInMs: 500 }),
    ).rejects.toThrow(/ECONNREFUSED/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = process
      .getActiveResourcesInfo()
      .filter((kind) => kind === 'TCPSocketWrap' || kind === 'Timeout').length;
    expect(after).toBeLessThanOrEqual(before);
  });
});
