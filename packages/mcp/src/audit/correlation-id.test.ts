import { describe, expect, it } from 'vitest';
import { correlationIdOf } from './correlation-id.js';

describe('correlationIdOf', () => {
  it('prefers the request id the HTTP chain passed, then a sane X-Request-ID, else makes one', () => {
    const auth = {
      token: '',
      clientId: 'c',
      scopes: [],
      extra: { tenantId: 'acme', requestId: 'req-chain-1' },
    };
    const headers = { 'x-request-id': 'req-client-2' };
    expect(correlationIdOf({ authInfo: auth, requestInfo: { headers } })).toBe('req-chain-1');
    expect(correlationIdOf({ requestInfo: { headers } })).toBe('req-client-2');
    expect(correlationIdOf({ requestInfo: { headers: { 'x-request-id': ['req-3', 'req-4'] } } })).toBe(
      'req-3',
    );
    for (const insane of ['has space', 'x'.repeat(129), 'new\nline']) {
      expect(correlationIdOf({ requestInfo: { headers: { 'x-request-id': insane } } })).toMatch(
        /^[0-9a-f-]{36}$/,
      );
    }
    expect(correlationIdOf({})).not.toBe(correlationIdOf({}));
  });

  it('takes the correlation id of the chain first, and X-Correlation-ID before X-Request-ID', () => {
    const auth = (extra: Record<string, unknown>) => ({ token: '', clientId: 'c', scopes: [], extra });
    const headers = { 'x-request-id': 'req-1', 'x-correlation-id': 'corr-1' };
    expect(
      correlationIdOf({
        authInfo: auth({ correlationId: 'chain-c', requestId: 'chain-r' }),
        requestInfo: { headers },
      }),
    ).toBe('chain-c');
    expect(correlationIdOf({ authInfo: auth({ correlationId: 'bad id' }), requestInfo: { headers } })).toBe(
      'corr-1',
    );
    expect(correlationIdOf({ requestInfo: { headers: { 'x-request-id': 'req-1' } } })).toBe('req-1');
  });
});
