import { connect, createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTcpProxy } from './tcp-proxy.js';

let echo: Server;
let echoPort: number;
beforeAll(async () => {
  echo = createServer((socket) => socket.on('error', () => {}).pipe(socket));
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  echoPort = (echo.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => echo.close(() => resolve())));

/** Connects to `port`, sends `text` and resolves with what comes back, or the connection's error code. */
function roundTrip(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write(text));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString());
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('createTcpProxy', () => {
  it('forwards, drops open connections and refuses new ones when cut, and forwards again when restored', async () => {
    const proxy = await createTcpProxy({ target: { port: echoPort } });
    try {
      expect(await roundTrip(proxy.port, 'hello')).toBe('hello');
      const open = connect({ host: '127.0.0.1', port: proxy.port });
      await new Promise((resolve) => open.once('connect', resolve));
      const dropped = new Promise((resolve) => open.once('close', resolve));
      open.on('error', () => {});
      await proxy.cut();
      await dropped;
      expect(await roundTrip(proxy.port, 'anyone?')).toBe('ECONNREFUSED');
      await proxy.restore();
      expect(await roundTrip(proxy.port, 'back')).toBe('back');
    } finally {
      await proxy.close();
    }
  });

  it('holds bytes either way while frozen, on open and new connections, and delivers them when thawed', async () => {
    const proxy = await createTcpProxy({ target: { port: echoPort } });
    try {
      const open = connect({ host: '127.0.0.1', port: proxy.port });
      open.on('error', () => {});
      await new Promise((resolve) => open.once('connect', resolve));
      let received = '';
      open.on('data', (data) => (received += data.toString()));
      proxy.freeze();
      open.write('held');
      const later = roundTrip(proxy.port, 'also held');
      let laterAnswer: string | undefined;
      void later.then((answer) => (laterAnswer = answer));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(received).toBe('');
      expect(laterAnswer).toBeUndefined();
      expect(open.destroyed).toBe(false);

      proxy.thaw();
      expect(await later).toBe('also held');
      await new Promise<void>((resolve) => {
        const check = () => (received === 'held' ? resolve() : setTimeout(check, 10));
        check();
      });
      open.destroy();
    } finally {
      await proxy.close();
    }
  });
});
