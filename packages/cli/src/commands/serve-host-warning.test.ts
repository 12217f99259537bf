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
});
