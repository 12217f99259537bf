import { connect, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxyOptions {
  /** Where connections are forwarded. Default host `127.0.0.1`. */
  target: { host?: string; port: number };
}

/**
 * A TCP proxy on 127.0.0.1 in front of a real server (Redis, PostgreSQL), for outage tests: `cut`
 * is the server going away as its clients see it, `restore` its coming back on the same address;
 * `freeze` is a network that goes silent without closing anything, `thaw` its coming back.
 */
export interface TcpProxy {
  /** The port the proxy listens on; the same after `restore`. */
  readonly port: number;
  /** Resets every open connection and stops listening, so new connections are refused. */
  cut(): Promise<void>;
  /** Listens again on the same port and forwards new connections. */
  restore(): Promise<void>;
  /**
   * Stops forwarding bytes either way, on open connections and on those opened meanwhile, without
   * closing any: what a client sees of a stalled network or a hung peer. Held bytes are delivered
   * on `thaw`.
   */
  freeze(): void;
  /** Forwards again, held bytes first. */
  thaw(): void;
  close(): Promise<void>;
}

/** Starts a `TcpProxy` to `target` on a free port of 127.0.0.1. */
export async function createTcpProxy({ target }: TcpProxyOptions): Promise<TcpProxy> {
  const host = target.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  let frozen = false;
  const pairs = new Set<[Socket, Socket]>();
  const link = ([client, upstream]: [Socket, Socket]) => {
    client.pipe(upstream).pipe(client);
  };
  const unlink = ([client, upstream]: [Socket, Socket]) => {
    client.unpipe(upstream);
    upstream.unpipe(client);
    client.pause();
    upstream.pause();
  };
  const forward = (client: Socket) => {
    const upstream = connect({ host, port: target.port });
    track(client);
    track(upstream);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    client.once('close', () => pairs.delete(pair));
    if (frozen) client.pause();
    else link(pair);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  };
  const listen = (port: number) =>
    new Promise<Server>((resolve, reject) => {
      const server = createServer(forward);
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve(server));
    });
  const stop = (server: Server) =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.resetAndDestroy();
      server.close(() => resolve());
    });

  let server: Server | undefined = await listen(0);
  const { port } = server.address() as { port: number };
  const cut = async () => {
    if (server === undefined) return;
    const listening = server;
    server = undefined;
    await stop(listening);
  };
  return {
    port,
    cut,
    async restore() {
      server ??= await listen(port);
    },
    freeze() {
      if (frozen) return;
      frozen = true;
      for (const pair of pairs) unlink(pair);
    },
    thaw() {
      if (!frozen) return;
      frozen = false;
      for (const pair of pairs) link(pair);
    },
    close: cut,
  };
}
