import { errors } from 'undici';
import { describe, expect, it } from 'vitest';
import { AbortedError, ExaiError, NetworkError, TimeoutError } from '../errors/index.js';
import { mapUndiciError } from './map-undici-error.js';
import { defaultTransportTimeouts } from './transport-settings.js';

const context = { url: 'http://127.0.0.1:1/v1/chat/completions', timeouts: defaultTransportTimeouts };

function systemError(code: string): Error {
  return Object.assign(new Error(`connect ${code}`), { code });
}

describe('mapUndiciError', () => {
  it.each([
    [new errors.ConnectTimeoutError(), 'connect', defaultTransportTimeouts.connectInMs],
    [new errors.HeadersTimeoutError(), 'first-byte', defaultTransportTimeouts.firstByteInMs],
    [new errors.BodyTimeoutError(), 'idle', defaultTransportTimeouts.idleInMs],
  ])('maps %s to a retryable TimeoutError', (error, phase, timeoutInMs) => {
    const mapped = mapUndiciError(error, context);
    expect(TimeoutError.isInstance(mapped)).toBe(true);
    expect(mapped).toMatchObject({ phase, timeoutInMs, isRetryable: true, cause: error });
  });

  it('makes an idle timeout after the first byte non-retryable', () => {
    const mapped = mapUndiciError(new errors.BodyTimeoutError(), { ...context, afterFirstByte: true });
    expect(mapped).toMatchObject({ name: 'TimeoutError', phase: 'idle', isRetryable: false });
  });

  it.each(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'UND_ERR_SOCKET'])('maps %s to a NetworkError', (code) => {
    const error = code === 'UND_ERR_SOCKET' ? new errors.SocketError('other side closed') : systemError(code);
    const mapped = mapUndiciError(error, context);
    expect(NetworkError.isInstance(mapped)).toBe(true);
    expect(mapped).toMatchObject({ systemCode: code, isRetryable: true, url: context.url });
  });

  it('flags a NetworkError after the first byte as non-retryable', () => {
    const mapped = mapUndiciError(systemError('ECONNRESET'), { ...context, afterFirstByte: true });
    expect(mapped).toMatchObject({ name: 'NetworkError', isRetryable: false });
    expect(mapped.message).toMatch(/cannot be resumed/);
  });

  it('reads the code of a happy-eyeballs AggregateError', () => {
    const mapped = mapUndiciError(new AggregateError([systemError('ECONNREFUSED')]), context);
    expect(mapped).toMatchObject({ name: 'NetworkError', systemCode: 'ECONNREFUSED' });
  });

  it('maps aborts to AbortedError, or to the error the call was aborted with', () => {
    expect(AbortedError.isInstance(mapUndiciError(new errors.RequestAbortedError(), context))).toBe(true);
    const abort = new DOMException('This operation was aborted', 'AbortError');
    expect(AbortedError.isInstance(mapUndiciError(abort, context))).toBe(true);
    const total = new TimeoutError({ phase: 'total', timeoutInMs: 5 });
    expect(mapUndiciError(new errors.RequestAbortedError(), { ...context, abortError: total })).toBe(total);
  });

  it('passes exai errors through and wraps unknown errors as non-retryable', () => {
    const own = new AbortedError();
    expect(mapUndiciError(own, context)).toBe(own);
    const mapped = mapUndiciError(new Error('boom'), context);
    expect(ExaiError.isInstance(mapped)).toBe(true);
    expect(mapped).toMatchObject({ code: 'transport_error', isRetryable: false });
    expect(mapUndiciError(new errors.ClientClosedError(), context)).toMatchObject({
      code: 'transport_closed',
    });
  });
});
