import { createServer, type AddressInfo, type Socket } from 'node:net';
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

/** A TCP server that accepts connections and answers only what `answer` says (RESP), else nothing. */
async function startStalledRedis(answer: (command: string) => string | undefined = () => undefined) {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('data', (data) => {
      const reply = answer(data.toString('utf8').toLowerCase());
      if (reply !== undefined) socket.write(reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('connectRedis against a Redis that accepts connections but does not answer', () => {
  it('gives up connecting after connectTimeoutInMs instead of waiting for ever', async () => {
    const silent = await startStalledRedis();
    try {
      const started = Date.now();
      await expect(
        connectRedis({ url: silent.url, keyPrefix: 'exai:', connectTimeoutInMs: 300 }),
      ).rejects.toThrow(/within 300 ms|timed out/);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await silent.close();
    }
  });

  it('fails a command after commandTimeoutInMs once connected', async () => {
    const info = 'redis_version:7.0.0\r\nloading:0\r\n';
    // Answers what connecting sends (the client's two SETINFO, the ready check's INFO), then nothing.
    const stalled = await startStalledRedis((commands) => {
      const setInfos = commands.split('setinfo').length - 1;
      const infoReply = commands.includes('$4\r\ninfo\r\n') ? `$${info.length}\r\n${info}\r\n` : '';
      const reply = '+OK\r\n'.repeat(setInfos) + infoReply;
      return reply === '' ? undefined : reply;
    });
    const redis = await connectRedis({ url: stalled.url, keyPrefix: 'exai:', commandTimeoutInMs: 200 });
    try {
      await expect(redis.ping()).rejects.toThrow(/timed out/);
    } finally {
      redis.disconnect();
      await stalled.close();
    }
  });
});
