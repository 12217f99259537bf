import {
  ApiCallError,
  InvalidArgumentError,
  RecordExistsError,
  RecordNotFoundError,
  StoreUnavailableError,
} from '@exai/core';
import { describe, expect, it } from 'vitest';
import { mapSupabaseRpcError, type MapSupabaseRpcErrorInput } from './map-supabase-rpc-error.js';

const base = { functionName: 'exai_append_turn', url: 'https://project.supabase.co' };
const map = (input: Omit<MapSupabaseRpcErrorInput, 'functionName' | 'url'>) =>
  mapSupabaseRpcError({ ...base, ...input });

describe('mapSupabaseRpcError', () => {
  it('maps P0002 with a JSON detail to RecordNotFoundError keeping the function’s message', () => {
    const error = map({
      status: 500,
      error: {
        code: 'P0002',
        message: 'No thread "t1" exists in tenant "default".',
        details: '{"recordType": "thread", "recordId": "t1"}',
      },
    });
    expect(RecordNotFoundError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      recordType: 'thread',
      recordId: 't1',
      message: 'No thread "t1" exists in tenant "default".',
    });
  });

  it('maps a foreign-key violation to RecordNotFoundError about the record the operation names', () => {
    const error = map({
      status: 409,
      error: {
        code: '23503',
        message: 'insert or update violates foreign key constraint',
        details: 'Key (tenant_id)=(x)',
      },
      context: { missing: { recordType: 'tenant', recordId: 'x' } },
    });
    expect(RecordNotFoundError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ recordType: 'tenant', recordId: 'x' });
  });

  it('maps 23505 to RecordExistsError, from the detail or else from the operation', () => {
    const fromDetail = map({
      status: 409,
      error: { code: '23505', message: 'exists', details: '{"recordType": "usage", "recordId": "u1"}' },
    });
    expect(RecordExistsError.isInstance(fromDetail)).toBe(true);
    expect(fromDetail).toMatchObject({ recordType: 'usage', recordId: 'u1' });
    const fromContext = map({
      status: 409,
      error: {
        code: '23505',
        message: 'duplicate key value violates unique constraint',
        details: 'Key (id)=(k1)',
      },
      context: { exists: { recordType: 'api-key', recordId: 'k1' } },
    });
    expect(fromContext).toMatchObject({ recordType: 'api-key', recordId: 'k1' });
  });

  it('maps data errors (22xxx, 23502, 23514) to InvalidArgumentError naming the argument when known', () => {
    const limit = map({
      status: 400,
      error: {
        code: '22023',
        message: 'A page limit must be between 1 and 500, not 501.',
        details: '{"argument": "limit"}',
      },
    });
    expect(InvalidArgumentError.isInstance(limit)).toBe(true);
    expect(limit).toMatchObject({ argument: 'limit' });
    expect(limit.message).toContain('not 501');
    for (const code of ['22P02', '23502', '23514']) {
      expect(
        InvalidArgumentError.isInstance(map({ status: 400, error: { code, message: 'bad' } })),
        code,
      ).toBe(true);
    }
  });

  it('maps no response, HTTP 5xx and connection or serialization failures to a retryable StoreUnavailableError', () => {
    const cases: MapSupabaseRpcErrorInput['error'][] = [{ code: '', message: 'TypeError: fetch failed' }];
    for (const error of cases) expect(StoreUnavailableError.isInstance(map({ status: 0, error }))).toBe(true);
    for (const [status, code] of [
      [503, 'PGRST001'],
      [502, ''],
      [500, '40001'],
      [500, '40P01'],
      [503, '53300'],
      [504, 'PGRST003'],
    ] as const) {
      const error = map({ status, error: { code, message: 'down' } });
      expect(StoreUnavailableError.isInstance(error), `${status} ${code}`).toBe(true);
      expect((error as StoreUnavailableError).isRetryable).toBe(true);
      expect(error.message).toContain('https://project.supabase.co');
    }
  });

  it('maps refusals to a non-retryable ApiCallError that says what to change', () => {
    const forbidden = map({
      status: 403,
      error: { code: '42501', message: 'Only the service role may call this function.' },
    });
    expect(ApiCallError.isInstance(forbidden)).toBe(true);
    expect(forbidden).toMatchObject({
      statusCode: 403,
      isRetryable: false,
      url: 'https://project.supabase.co/rest/v1/rpc/exai_append_turn',
    });
    expect(forbidden.message).toContain('service role key');
    const missing = map({ status: 404, error: { code: 'PGRST202', message: 'Could not find the function' } });
    expect(missing.message).toContain('supabaseMigrations');
    const schema = map({
      status: 406,
      error: { code: 'PGRST106', message: 'The schema must be one of the following: api' },
    });
    expect(schema.message).toContain('exposed schemas');
    const unauthorized = map({ status: 401, error: { code: 'PGRST301', message: 'JWSInvalidSignature' } });
    expect(unauthorized).toMatchObject({ statusCode: 401, code: 'authentication_failed' });
  });
});
