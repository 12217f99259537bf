// A minimal reverse proxy in its own process: every POST is forwarded to the upstream's
// chat-completions endpoint with `http.request` on a keep-alive Agent and the answer piped back.
// The floor an HTTP server in front of the same upstream can hope to reach.
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

const upstream = new URL(`${process.argv[2]}/v1/chat/completions`);
const agent = new Agent({ keepAlive: true, maxSockets: 128 });

const server = createServer(function forward(incoming, outgoing) {
  const forwarded = request(
    upstream,
    {
      method: 'POST',
      agent,
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer x',
        ...(incoming.headers['content-length'] !== undefined && {
          'content-length': incoming.headers['content-length'],
        }),
      },
    },
    (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, {
        'content-type': answer.headers['content-type'] ?? 'application/octet-stream',
      });
      answer.pipe(outgoing);
    },
  );
  forwarded.on('error', () => {
    if (!outgoing.headersSent) outgoing.writeHead(502);
    outgoing.end();
  });
  incoming.pipe(forwarded);
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ url: `http://127.0.0.1:${port}/v1/chat/completions` });
});
process.on('disconnect', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
