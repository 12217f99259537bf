import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ApiCallError, BlockedAddressError } from '../errors/index.js';
import { blockedAddressReason, blockedHostReason } from './blocked-addresses.js';
import type { ConnectLookup } from './guarded-lookup.js';
import { chatRequest, useTransportFixture } from './transport-test-helpers.js';

/** A DNS lookup that answers from a table, as `dns.lookup` would (with or without `all`). */
function tableLookup(table: Record<string, string>, seen: string[] = []): ConnectLookup {
  return (hostname, options, callback) => {
    seen.push(hostname);
    const address = table[hostname];
    if (address === undefined) {
      callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '');
      return;
    }
    const family = address.includes(':') ? 6 : 4;
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

async function refusal(promise: Promise<unknown>): Promise<BlockedAddressError> {
  const error = await promise.then(
    () => expect.fail('expected the request to be refused'),
    (caught: unknown) => caught,
  );
  expect(BlockedAddressError.isInstance(error), String(error)).toBe(true);
  return error as BlockedAddressError;
}

describe('SSRF guard: link-local and cloud metadata addresses', () => {
  const fixture = useTransportFixture({ retry: { maxRetries: 0 } });

  it('classifies addresses and host names', () => {
    for (const address of ['169.254.169.254', 'fd00:ec2::254', '::ffff:169.254.169.254', '100.100.100.200']) {
      expect(blockedAddressReason(address), address).toBe('cloud metadata');
    }
    for (const address of ['169.254.0.1', '169.254.255.255', 'fe80::1', '[fe80::1%eth0]', 'febf::1']) {
      expect(blockedAddressReason(address), address).toBe('link-local');
    }
    for (const address of [
      '127.0.0.1',
      '::1',
      '10.0.0.1',
      '192.168.1.1',
      '172.16.0.1',
      '8.8.8.8',
      'fec0::1',
    ]) {
      expect(blockedAddressReason(address), address).toBeUndefined();
    }
    for (const host of ['metadata.google.internal', 'METADATA.GOOGLE.INTERNAL.', 'metadata.goog']) {
      expect(blockedHostReason(host), host).toBe('cloud metadata');
    }
    expect(blockedHostReason('localhost')).toBeUndefined();
    expect(blockedHostReason('api.moonshot.ai')).toBeUndefined();
  });

  it('refuses a URL whose host is a metadata or link-local address or name, before sending anything', async () => {
    const seen: string[] = [];
    const transport = fixture.create({ lookup: tableLookup({}, seen) });
    for (const base of [
      'http://169.254.169.254',
      'http://169.254.10.10:8080',
      'http://[fe80::1]:11434',
      'http://[fd00:ec2::254]',
      'http://[::ffff:169.254.169.254]',
      'http://metadata.google.internal',
      // Other spellings of 169.254.169.254, which URL parsing turns into the dotted form.
      'http://2852039166',
      'http://0xa9.0xfe.0xa9.0xfe',
    ]) {
      const error = await refusal(transport.request(chatRequest(base)));
      expect(error.code).toBe('blocked_address');
      expect(error.isRetryable).toBe(false);
      expect(error.message).toContain(`Refused to connect to fake (${new URL(base).origin})`);
      expect(error.message).toContain('"allowLinkLocalAddresses": true');
      expect(error.message).toContain('EXAI_ALLOW_LINK_LOCAL_ADDRESSES=1');
    }
    expect(seen).toEqual([]);
  });

  it('checks the address a name resolves to at connect time (so DNS rebinding is caught too)', async () => {
    const port = new URL(fixture.upstream.url).port;
    const seen: string[] = [];
    const lookup = tableLookup(
      {
        'models.example.test': '127.0.0.1',
        'rebound.example.test': '169.254.169.254',
        'v6.example.test': 'fe80::5',
      },
      seen,
    );
    const transport = fixture.create({ lookup });
    fixture.upstream.handle(() => ({ reply: { text: 'ok' } }));

    const allowed = await transport.request(chatRequest(`http://models.example.test:${port}`));
    expect(allowed.status).toBe(200);

    const error = await refusal(transport.request(chatRequest(`http://rebound.example.test:${port}`)));
    expect(error.message).toContain(`Refused to connect to fake (http://rebound.example.test:${port})`);
    expect(error.message).toContain('169.254.169.254 is a cloud metadata address');
    const v6 = await refusal(transport.request(chatRequest(`http://v6.example.test:${port}`)));
    expect(v6.reason).toBe('link-local');
    expect(seen).toEqual(['models.example.test', 'rebound.example.test', 'v6.example.test']);
    expect(fixture.upstream.requests).toHaveLength(1);
  });

  it('keeps loopback reachable (Ollama, local servers)', async () => {
    fixture.upstream.handle(() => ({ reply: { text: 'ok' } }));
    const transport = fixture.create();
    const byAddress = await transport.request(chatRequest(fixture.upstream.url));
    expect(byAddress.status).toBe(200);
    const byName = await transport.request(
      chatRequest(fixture.upstream.url.replace('127.0.0.1', 'localhost')),
    );
    expect(byName.status).toBe(200);
  });

  it('lets allowLinkLocalAddresses through: the request goes out', async () => {
    const port = new URL(fixture.upstream.url).port;
    fixture.upstream.handle(() => ({ reply: { text: 'ok' } }));
    // The name resolves to loopback here, so the request can succeed; what matters is that it was not refused.
    const transport = fixture.create({
      allowLinkLocalAddresses: true,
      lookup: tableLookup({ 'metadata.google.internal': '127.0.0.1' }),
    });
    const response = await transport.request(chatRequest(`http://metadata.google.internal:${port}`));
    expect(response.status).toBe(200);
  });

  it('never follows a redirect (so none can lead to a metadata address)', async () => {
    const target: string[] = [];
    const elsewhere: Server = createServer((request, response) => {
      target.push(request.url ?? '');
      response.end('{}');
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    const elsewherePort = (elsewhere.address() as AddressInfo).port;
    try {
      fixture.upstream.handle(() => ({
        status: 307,
        headers: { location: `http://127.0.0.1:${elsewherePort}/latest/meta-data/` },
        body: '',
      }));
      const error = await fixture
        .create()
        .request(chatRequest(fixture.upstream.url))
        .catch((caught: unknown) => caught);
      expect(ApiCallError.isInstance(error)).toBe(true);
      expect((error as ApiCallError).statusCode).toBe(307);
      expect(target).toEqual([]);
    } finally {
      await new Promise((resolve) => elsewhere.close(resolve));
    }
  });
});
