import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  createRequestOriginGuard,
  defaultAllowedHosts,
  defaultAllowedOrigins,
} from './request-origin-guard.js';

function guardFor(port: number) {
  const allowedHosts = defaultAllowedHosts('127.0.0.1', port);
  return createRequestOriginGuard({ allowedHosts, allowedOrigins: defaultAllowedOrigins(allowedHosts) });
}

function requestWith(headers: Record<string, string>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

describe('createRequestOriginGuard', () => {
  it('on port 80, accepts Host and Origin without the default port, as clients send them', () => {
    const guard = guardFor(80);
    expect(guard(requestWith({ host: 'localhost' }))).toBeUndefined();
    expect(guard(requestWith({ host: '127.0.0.1', origin: 'http://127.0.0.1' }))).toBeUndefined();
    expect(guard(requestWith({ host: '[::1]', origin: 'http://[::1]/' }))).toBeUndefined();
    expect(guard(requestWith({ host: 'localhost:80', origin: 'http://localhost:80' }))).toBeUndefined();
    expect(guard(requestWith({ host: 'evil.example.com' }))).toMatch(/Host header "evil.example.com"/);
  });

  it('on another port, still refuses a Host or Origin without the port', () => {
    const guard = guardFor(8765);
    expect(guard(requestWith({ host: 'localhost:8765' }))).toBeUndefined();
    expect(guard(requestWith({ host: 'localhost' }))).toMatch(/Host header "localhost" is not allowed/);
    expect(guard(requestWith({ host: 'localhost:8765', origin: 'http://localhost' }))).toMatch(
      /Origin header "http:\/\/localhost" is not allowed/,
    );
  });

  it('says how to allow a refused Host or Origin, from the CLI and from code', () => {
    const guard = guardFor(8765);
    const host = guard(requestWith({ host: 'mcp.example.com' }));
    expect(host).toContain('--allowed-hosts');
    expect(host).toContain('allowedHosts');
    const origin = guard(requestWith({ host: 'localhost:8765', origin: 'https://app.example.com' }));
    expect(origin).toContain('--allowed-origins');
    expect(origin).toContain('allowedOrigins');
  });
});
