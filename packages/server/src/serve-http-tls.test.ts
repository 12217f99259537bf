import { request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { createFakeUpstream, createSelfSignedCertificate, type FakeUpstream } from '@exai/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initializeBody, startTestServer, type TestServer } from './test-helpers/start-test-server.js';

let upstream: FakeUpstream;
let server: TestServer;
let certificate: { cert: string; key: string };

beforeAll(async () => {
  upstream = await createFakeUpstream();
  certificate = createSelfSignedCertificate();
  server = await startTestServer(upstream, { tls: certificate });
});
afterAll(async () => {
  await server.serving.close();
  await upstream.close();
});

function post(
  url: string,
  tls: {
    ca?: string;
    minVersion?: 'TLSv1';
    maxVersion?: 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
    ciphers?: string;
  },
): Promise<{ status: number; protocol: string | null }> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        ...tls,
      },
      (response) => {
        const protocol = (response.socket as TLSSocket).getProtocol();
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, protocol }));
      },
    );
    request.on('error', reject);
    request.end(initializeBody());
  });
}

describe('serveHttp with tls', () => {
  it('serves HTTPS on an https:// URL, preferring TLS 1.3', async () => {
    expect(server.serving.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/mcp$/);
    expect(await post(server.serving.url, { ca: certificate.cert })).toEqual({
      status: 200,
      protocol: 'TLSv1.3',
    });
  });

  it('accepts TLS 1.2 and refuses older versions', async () => {
    expect(await post(server.serving.url, { ca: certificate.cert, maxVersion: 'TLSv1.2' })).toEqual({
      status: 200,
      protocol: 'TLSv1.2',
    });
    // A client willing to speak TLS 1.0/1.1 (at OpenSSL's lowest security level) is refused by the server.
    const old = {
      ca: certificate.cert,
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1.1',
      ciphers: 'DEFAULT@SECLEVEL=0',
    } as const;
    await expect(post(server.serving.url, old)).rejects.toThrow(/protocol version|unsupported protocol/i);
  });

  it('is refused by a client that does not trust the certificate', async () => {
    await expect(post(server.serving.url, {})).rejects.toThrow(/self.signed/i);
  });
});
