import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterEach, beforeEach } from 'vitest';
import { createHttpTransport } from './create-transport.js';
import type {
  HttpTransport,
  TransportEvent,
  TransportRequestOptions,
  HttpTransportSettings,
} from './transport.js';

/** Test-only helpers for the transport's tests (not exported from the package). */

/** Settings that keep test retries fast: tiny backoff, generous budget. */
export const fastRetry: HttpTransportSettings['retry'] = {
  baseDelayInMs: 1,
  maxDelayInMs: 5,
  budgetInMs: 5_000,
};

/** A transport with `fastRetry` under whatever `settings.retry` says. */
export function createTestTransport(settings: HttpTransportSettings = {}): HttpTransport {
  return createHttpTransport({ ...settings, retry: { ...fastRetry, ...settings.retry } });
}

/** A fake upstream and the transports a test creates, fresh for each test and closed after it. */
export interface TransportFixture {
  /** The fake upstream of the running test. */
  readonly upstream: FakeUpstream;
  /** A transport with fast retries, the fixture's `defaults` and then `settings`. */
  create(settings?: HttpTransportSettings): HttpTransport;
}

/**
 * Registers `beforeEach`/`afterEach` hooks that start a fake upstream before each test and, after
 * it, close every transport `create` made and then the upstream.
 */
export function useTransportFixture(defaults: HttpTransportSettings = {}): TransportFixture {
  let upstream: FakeUpstream | undefined;
  const transports: HttpTransport[] = [];

  beforeEach(async () => {
    upstream = await createFakeUpstream();
  });

  afterEach(async () => {
    for (const transport of transports.splice(0)) await transport.close();
    await upstream?.close();
    upstream = undefined;
  });

  return {
    get upstream() {
      if (upstream === undefined)
        throw new Error('useTransportFixture: the upstream exists only inside a test');
      return upstream;
    },
    create(settings = {}) {
      const transport = createTestTransport({
        ...defaults,
        ...settings,
        retry: { ...defaults.retry, ...settings.retry },
      });
      transports.push(transport);
      return transport;
    },
  };
}

/** A chat completions call against a fake upstream. */
export function chatRequest(
  baseUrl: string,
  { stream = false, ...overrides }: Partial<TransportRequestOptions> & { stream?: boolean } = {},
): TransportRequestOptions {
  return {
    url: `${baseUrl}/v1/chat/completions`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'fake-model', stream, messages: [{ role: 'user', content: 'Hello' }] }),
    target: { provider: 'fake', model: 'fake-model' },
    ...overrides,
  };
}

export async function readText(body: AsyncIterable<Uint8Array>): Promise<string> {
  let text = '';
  for await (const chunk of body) text += Buffer.from(chunk).toString('utf8');
  return text;
}

export function recordEvents(): { events: TransportEvent[]; onEvent: (event: TransportEvent) => void } {
  const events: TransportEvent[] = [];
  return { events, onEvent: (event) => events.push(event) };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface CountingServer {
  url: string;
  /** Requests being handled right now, counted by the server. */
  inFlight: number;
  maxInFlight: number;
  order: string[];
  close(): Promise<void>;
}

/**
 * A plain HTTP server that answers every request after `delayInMs` and counts how many it is
 * handling at once. The count drops before the response is written, so a client can never see a
 * response while the server still counts its request.
 */
export async function startCountingServer({ delayInMs }: { delayInMs: number }): Promise<CountingServer> {
  const sockets = new Set<Socket>();
  const state = { inFlight: 0, maxInFlight: 0, order: [] as string[] };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    state.inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    state.order.push(request.headers['x-test-id']?.toString() ?? '');
    setTimeout(() => {
      state.inFlight -= 1;
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    }, delayInMs);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  });
}

/** A 127.0.0.1 port nothing listens on (bound once, then closed). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
