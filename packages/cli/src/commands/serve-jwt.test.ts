import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../program.js';

let home: string;
const secret = 'a-shared-secret-of-at-least-32-characters!';
const issuer = 'https://id.example.com/';

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'exai-jwt-'));
});
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
});

/** An HS256 JWT, signed by hand (what an identity provider would issue). */
function sign(claims: Record<string, unknown>): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

function cli(argv: string[], env: Record<string, string> = {}) {
  let stderr = '';
  const exitCode = runCli({
    argv: ['--store', `sqlite:${join(home, 'exai.db')}`, ...argv],
    env: { HOME: home, NO_COLOR: '1', KIMI_API_KEY: 'test-key', ...env },
    cwd: home,
    stdin: new PassThrough(),
    stdout: { write: () => true },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { exitCode, stderr: () => stderr };
}

function initialize(url: string, token?: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(token !== undefined && { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } },
    }),
  });
}

describe('exai serve --http with JWT', () => {
  it('accepts HS256 tokens from EXAI_JWT_SECRET, serves the metadata, and refuses a wrong audience', async () => {
    const daemon = cli(['serve', '--http', '--port', '0', '--jwt-issuer', issuer, '--jwt-audience', 'exai'], {
      EXAI_JWT_SECRET: secret,
    });
    await expect.poll(daemon.stderr, { timeout: 15_000 }).toMatch(/MCP server on http:\/\/\S+/);
    const url = /MCP server on (http:\/\/\S+)/.exec(daemon.stderr())![1]!;
    try {
      expect(daemon.stderr()).toContain(`exai: authentication: API keys and JWT from ${issuer}`);
      expect(daemon.stderr()).not.toContain('holds no API key');
      const exp = Math.floor(Date.now() / 1000) + 300;
      const good = await initialize(
        url,
        sign({ iss: issuer, aud: 'exai', exp, tenant: 'acme', sub: 'alice' }),
      );
      expect(good.status).toBe(200);
      const wrong = await initialize(url, sign({ iss: issuer, aud: 'other', exp, tenant: 'acme' }));
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('www-authenticate')).toContain('resource_metadata="http://127.0.0.1:');
      const metadata = await fetch(new URL('/.well-known/oauth-protected-resource', url));
      expect(await metadata.json()).toMatchObject({ authorization_servers: [issuer] });
    } finally {
      process.emit('SIGTERM');
      expect(await daemon.exitCode).toBe(0);
    }
    expect(daemon.stderr()).not.toContain(secret);
  });

  it.each([
    [['--jwt-issuer', issuer], {}, 'JWT authentication needs a key: --jwt-jwks-url'],
    [['--jwt-jwks-url', 'https://id.example.com/jwks.json'], {}, 'needs --jwt-issuer and --jwt-audience'],
    [['--jwt-issuer', issuer, '--jwt-audience', 'a'], { EXAI_JWT_SECRET: 'short' }, 'at least 32 characters'],
    [['--tls-cert', '/no/such/cert.pem'], {}, '--tls-cert and --tls-key go together'],
    [['--no-auth', '--jwt-issuer', issuer], {}, '--no-auth turns authentication off'],
  ])('refuses %j with exit 2 and a message', async (flags, env, message) => {
    const result = cli(['serve', '--http', '--port', '0', ...flags], env as Record<string, string>);
    expect(await result.exitCode).toBe(2);
    expect(result.stderr()).toContain(message);
    expect(result.stderr()).not.toContain('    at ');
  });
});
