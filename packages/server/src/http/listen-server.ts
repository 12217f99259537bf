import type { AddressInfo, Server } from 'node:net';

/** Starts `server` listening on `host:port` and resolves with the bound port (a busy port rejects). */
export async function listenServer(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}
