import { describe, expect, it } from 'vitest';
import {
  isRolledBackByServer,
  isStatementTimeout,
  isTransientPostgresError,
  sqlState,
} from './classify-postgres-error.js';

const withCode = (code: string, message = 'x') =>
  Object.assign(new Error(message), code.startsWith('E') ? { code, syscall: 'read' } : { code });

describe('classifying PostgreSQL errors', () => {
  it.each([
    'ECONNREFUSED',
    'ECONNRESET',
    'EPIPE',
    'ETIMEDOUT',
    '57P01',
    '57P03',
    '40001',
    '40P01',
    '53300',
    '08006',
    '08P01',
  ])('treats %s as transient', (code) => expect(isTransientPostgresError(withCode(code))).toBe(true));

  it.each(['23505', '23503', '42P01', '57014', '28P01', 'ENOTFOUND'])('treats %s as not transient', (code) =>
    expect(isTransientPostgresError(withCode(code))).toBe(false),
  );

  it('recognises node-postgres’s own connection errors by their message', () => {
    expect(isTransientPostgresError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransientPostgresError(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isTransientPostgresError(new Error('syntax error'))).toBe(false);
  });

  it('tells server rollbacks and statement timeouts apart', () => {
    expect(isRolledBackByServer(withCode('40P01'))).toBe(true);
    expect(isRolledBackByServer(withCode('57P01'))).toBe(false);
    expect(isStatementTimeout(withCode('57014', 'canceling statement due to statement timeout'))).toBe(true);
    expect(isStatementTimeout(withCode('57014', 'canceling statement due to user request'))).toBe(false);
    expect(sqlState(withCode('ECONNRESET'))).toBeUndefined();
  });
});
