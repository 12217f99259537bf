import { createHttpTransport, type HttpTransport, type HttpTransportSettings } from '@exai/core';
import { createFakeUpstream, type FakeUpstream, type FakeUpstreamOptions } from '@exai/testkit';
import { afterEach, beforeEach } from 'vitest';

/** A fake upstream and a transport with fast retries, fresh for each test and closed after it. */
export interface FakeUpstreamFixture {
  readonly upstream: FakeUpstream;
  readonly transport: HttpTransport;
  /** `upstream.url + '/v1'`. */
  readonly baseURL: string;
}

/** Registers `beforeEach`/`afterEach` hooks that start and close a fake upstream and its transport. */
export function useFakeUpstream({
  transport: transportSettings = {},
  upstream: upstreamOptions = {},
}: { transport?: HttpTransportSettings; upstream?: FakeUpstreamOptions } = {}): FakeUpstreamFixture {
  let upstream: FakeUpstream | undefined;
  let transport: HttpTransport | undefined;

  beforeEach(async () => {
    upstream = await createFakeUpstream(upstreamOptions);
    transport = createHttpTransport({
      ...transportSettings,
      retry: { baseDelayInMs: 1, maxDelayInMs: 5, ...transportSettings.retry },
    });
  });

  afterEach(async () => {
    await transport?.close();
    await upstream?.close();
    transport = undefined;
    upstream = undefined;
  });

  return {
    get upstream() {
      if (upstream === undefined) throw new Error('useFakeUpstream: only available inside a test');
      return upstream;
    },
    get transport() {
      if (transport === undefined) throw new Error('useFakeUpstream: only available inside a test');
      return transport;
    },
    get baseURL() {
      return `${this.upstream.url}/v1`;
    },
  };
}

/** Reads a stream to its end. */
export async function collectStream<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const parts: T[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}
