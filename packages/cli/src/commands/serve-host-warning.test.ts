import { describe, expect, it } from 'vitest';
import { describeServeHostWarning } from './serve-host-warning.js';

describe('describeServeHostWarning', () => {
  it('says nothing for a loopback host', () => {
    expect(describeServeHostWarning({ host: '127.0.0.1', allowedHosts: undefined })).toBeUndefined();
    expect(describeServeHostWarning({ host: 'localhost', allowedHosts: undefined })).toBeUndefined();
  });

  it('tells to allow the client names with --allowed-hosts on a wildcard address', () => {
    const warning = describeServeHostWarning({ host: '0.0.0.0', allowedHosts: undefined });
    expect(warning).toContain('every request needs credentials');
    expect(warning).toContain('--allowed-hosts');
    expect(describeServeHostWarning({ host: '0.0.0.0', allowedHosts: ['mcp.example.com'] })).not.toContain(
      '--allowed-hosts',
    );
  });

  it('with HTTPS served directly, warns only about the Host names', () => {
    expect(
      describeServeHostWarning({ host: '10.0.0.5', allowedHosts: undefined, tls: true }),
    ).toBeUndefined();
    expect(describeServeHostWarning({ host: '0.0.0.0', allowedHosts: undefined, tls: true })).toBe(
      'exai: warning: Only the loopback names are allowed in the Host header so far: allow the names clients ' +
        'use with --allowed-hosts (for example --allowed-hosts mcp.example.com), or they get 403.',
    );
  });
});
