import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createSelfSignedCertificate } from '@exai/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../program.js';

let home: string;
let store: string;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'exai-tls-'));
  store = `sqlite:${join(home, 'exai.db')}`;
  const { cert, key } = createSelfSignedCertificate();
  writeFileSync(join(home, 'cert.pem'), cert);
  writeFileSync(join(home, 'key.pem'), key);
});
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
});

function cli(argv: string[], env: Record<string, string> = {}) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  let stderr = '';
  const exitCode = runCli({
    argv,
    env: { HOME: home, NO_COLOR: '1', KIMI_API_KEY: 'test-key', ...env },
    cwd: home,
    stdin,
    stdout,
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { stdin, stdout, exitCode, stderr: () => stderr };
}

describe('exai connect to an HTTPS daemon with an API key', () => {
  it('trusts the daemon’s certificate with --ca and sends EXAI_API_KEY', async () => {
    const created = cli(['--store', store, 'keys', 'create', '--tenant', 'acme']);
    expect(await created.exitCode, created.stderr()).toBe(0);
    const key = (created.stdout.read() as Buffer).toString('utf8').trim();

    const daemon = cli([
      '--store',
      store,
      'serve',
      '--http',
      '--port',
      '0',
      '--tls-cert',
      join(home, 'cert.pem'),
      '--tls-key',
      join(home, 'key.pem'),
    ]);
    await expect.poll(daemon.stderr, { timeout: 15_000 }).toMatch(/MCP server on https:\/\/\S+/);
    const url = /MCP server on (https:\/\/\S+)/.exec(daemon.stderr())![1]!;
    try {
      const bridge = cli(['connect', url, '--ca', join(home, 'cert.pem')], { EXAI_API_KEY: key });
      const client = new Client({ name: 'ide', version: '1.0.0' });
      await client.connect(new StdioServerTransport(bridge.stdout, bridge.stdin));
      const result = await client.callTool({ name: 'version', arguments: {} });
      expect(result.isError).toBeFalsy();
      bridge.stdin.end();
      expect(await bridge.exitCode).toBe(0);
      expect(bridge.stderr()).not.toContain(key);
    } finally {
      process.emit('SIGTERM');
      expect(await daemon.exitCode).toBe(0);
    }
    expect(daemon.stderr()).not.toContain(key);
  });

  it('says when --ca is not a PEM certificate', async () => {
    const bridge = cli(['connect', 'https://127.0.0.1:1/mcp', '--ca', join(home, 'key.pem')]);
    expect(await bridge.exitCode).toBe(2);
    expect(bridge.stderr()).toContain('holds no PEM certificate');
  });
});

describe('exai connect when the TLS handshake fails', () => {
  async function initializeThroughBridge(url: string) {
    const bridge = cli(['connect', url]);
    const client = new Client({ name: 'ide', version: '1.0.0' });
    const failure = await client
      .connect(new StdioServerTransport(bridge.stdout, bridge.stdin), { timeout: 10_000 })
      .then(
        () => 'connected',
        (error: Error) => error.message,
      );
    bridge.stdin.end();
    expect(await bridge.exitCode).toBe(0);
    return { failure, stderr: bridge.stderr() };
  }

  it('says the certificate is not trusted and to pass --ca, in the answer and on stderr', async () => {
    const { cert, key } = createSelfSignedCertificate();
    const server = createHttpsServer({ cert, key }, (_request, response) => response.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { failure, stderr } = await initializeThroughBridge(`https://127.0.0.1:${port}/mcp`);
      expect(failure).toContain("the daemon's certificate is not trusted (self-signed certificate)");
      expect(failure).toContain('--ca');
      expect(failure).not.toContain('exai serve --http');
      expect(stderr).toMatch(/^exai connect: cannot connect to .*not trusted.*--ca.*$/m);
    } finally {
      server.close();
    }
  });

  it('says when an https:// URL names a daemon that does not speak TLS', async () => {
    const server = createHttpServer((_request, response) => response.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { failure, stderr } = await initializeThroughBridge(`https://127.0.0.1:${port}/mcp`);
      expect(failure).toContain('the daemon does not speak TLS');
      expect(failure).toContain('use an http:// URL');
      expect(failure).not.toContain('ssl3_get_record');
      expect(stderr).toContain('the daemon does not speak TLS');
    } finally {
      server.close();
    }
  });
});
