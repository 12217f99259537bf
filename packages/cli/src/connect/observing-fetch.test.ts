import { describe, expect, it } from 'vitest';
import { DaemonConnectionLostError } from './daemon-connection-lost-error.js';
import { DaemonUnreachableError } from './daemon-unreachable-error.js';
import { isNotDelivered } from './describe-failure.js';
import { createObservingFetch } from './observing-fetch.js';

/** A fetch that fails the way undici does: a bare "fetch failed" with the socket's error as cause. */
function failingFetch(code: string, message: string) {
  return async () => {
    throw new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });
  };
}

const postOfRequest = {
  method: 'POST',
  body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'chat' } }),
};

async function failureOf(code: string, message: string): Promise<unknown> {
  const fetch = createObservingFetch({ onStreamClosed: () => undefined, fetch: failingFetch(code, message) });
  return fetch('https://127.0.0.1:8765/mcp', postOfRequest).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('createObservingFetch', () => {
  it('counts a request that failed the TLS handshake as never delivered, so it may be sent again', async () => {
    const error = await failureOf('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate');
    expect(error).toBeInstanceOf(DaemonUnreachableError);
    expect(error).not.toBeInstanceOf(DaemonConnectionLostError);
    expect(isNotDelivered(error)).toBe(true);
    expect((error as DaemonUnreachableError).reason).toContain('--ca');
  });

  it('counts a request whose connection was reset as possibly delivered', async () => {
    const error = await failureOf('ECONNRESET', 'read ECONNRESET');
    expect(error).toBeInstanceOf(DaemonConnectionLostError);
    expect(isNotDelivered(error)).toBe(false);
  });
});
