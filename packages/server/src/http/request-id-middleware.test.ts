import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { requestIdOf } from './request-id-middleware.js';

const withHeader = (value?: string) =>
  ({ headers: value === undefined ? {} : { 'x-request-id': value } }) as unknown as IncomingMessage;

describe('requestIdOf', () => {
  it("keeps a client's plain X-Request-ID and replaces anything else with a UUID", () => {
    expect(requestIdOf(withHeader('abc-123.4:5'))).toBe('abc-123.4:5');
    const uuid = /^[0-9a-f-]{36}$/;
    expect(requestIdOf(withHeader())).toMatch(uuid);
    expect(requestIdOf(withHeader('has space'))).toMatch(uuid);
    expect(requestIdOf(withHeader('x'.repeat(129)))).toMatch(uuid);
  });
});
