import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobinProxy {
  /** The proxy's URL for `path` (e.g. `/mcp`). */
  url(path: string): string;
  /** For each POST, in arrival order: the index of the replica it went to and its JSON-RPC methods. */
  readonly posts: Array<{ replica: number; methods: string[] }>;
  close(): Promise<void>;
}

/**
 * A small load balancer for tests: each POST goes to the next replica in turn (GETs and DELETEs go
 * to the first), with no stickiness, as in front of stateless replicas. A client that goes away
 * closes the request to the replica too.
 */
export async function startRoundRobinProxy(replicas: readonly string[]): Promise<RoundRobinProxy> {
  const posts: RoundRobinProxy['posts'] = [];
  let next = 0;
  const server: Server = createServer((incoming: IncomingMessage, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      let replica = 0;
      if (incoming.method === 'POST') {
        replica = next;
        next = (next + 1) % replicas.length;
        posts.push({ replica, methods: methodsOf(body) });
      }
      const target = new URL(replicas[replica]!);
      const forwarded = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          path: incoming.url,
          method: incoming.method,
          headers: { ...incoming.headers, host: target.host },
        },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forwarded.on('error', () => outgoing.destroy());
      outgoing.on('close', () => forwarded.destroy());
      forwarded.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    posts,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function methodsOf(body: Buffer): string[] {
  try {
    const value = JSON.parse(body.toString('utf8')) as unknown;
    const list = Array.isArray(value) ? value : [value];
    return list.map((message) => String((message as { method?: unknown }).method ?? 'response'));
  } catch {
    return [];
  }
}
