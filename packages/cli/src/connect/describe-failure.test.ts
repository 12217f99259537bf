import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, it } from 'vitest';

import { describeFailure } from './describe-failure.js';

const refused = (status: number, message: string) =>
  new StreamableHTTPError(
    status,
    `Error POSTing to endpoint: ${JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null })}`,
  );

describe('describeFailure', () => {
  it("gives the daemon's own message for a refusal, not the JSON-RPC body around it", () => {
    expect(describeFailure(refused(401, 'Unauthorized: the API key is not known to this server'))).toBe(
      'HTTP 401: Unauthorized: the API key is not known to this server; set EXAI_API_KEY to a key from ' +
        '`exai keys create` (or pass --header "Authorization: Bearer …")',
    );
  });

  it('adds no hint the daemon already gave', () => {
    const message =
      'Unauthorized: this server needs an API key; create one with exai keys create --tenant T and send it';
    expect(describeFailure(refused(401, message))).toBe(`HTTP 401: ${message}`);
  });

  it('keeps a body that is not a JSON-RPC error as it is', () => {
    expect(describeFailure(new StreamableHTTPError(502, 'Error POSTing to endpoint: Bad Gateway'))).toBe(
      'HTTP 502: Error POSTing to endpoint: Bad Gateway',
    );
  });

  it('does not ask for an API key when a 403 is about the Host header', () => {
    const message =
      'Forbidden: Host header "127.0.0.1:9000" is not allowed (DNS-rebinding protection); allowed hosts: ' +
      'localhost:8765. To accept it, start the server with --allowed-hosts (exai serve --http)';
    expect(describeFailure(refused(403, message))).toBe(`HTTP 403: ${message}`);
  });
});
