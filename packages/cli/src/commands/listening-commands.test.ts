import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../program.js';

let busy: Server;
let port: number;
let home: string;

beforeAll(async () => {
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  port = (busy.address() as AddressInfo).port;
  home = mkdtempSync(join(tmpdir(), 'exai-listen-'));
});
afterAll(async () => {
  await new Promise<void>((resolve) => busy.close(() => resolve()));
  rmSync(home, { recursive: true, force: true });
});

async function run(argv: string[]) {
  let stderr = '';
  const code = await runCli({
    argv,
    env: { HOME: home, NO_COLOR: '1' },
    cwd: home,
    stdin: new PassThrough(),
    stdout: { write: () => true },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stderr };
}

describe('a busy port', () => {
  it.each([
    ['serve --http', ['--store', 'memory', 'serve', '--http', '--port']],
    ['dev fake-upstream', ['dev', 'fake-upstream', '--port']],
  ])('%s: one exai: port_in_use: line, exit 2', async (_name, argv) => {
    const result = await run([...argv, String(port)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `exai: port_in_use: port ${port} on 127.0.0.1 is in use; pick another with --port (or --port 0 for any free one) or stop the other process.\n`,
    );
    expect(result.stderr).not.toContain('unexpected');
    expect(result.stderr).not.toContain('    at ');
  });
});

describe('the serve banner', () => {
  it('shows 0.0.0.0 when bound to every interface, with the local address to connect to', async () => {
    let stderr = '';
    const running = runCli({
      argv: ['--store', 'memory', 'serve', '--http', '--host', '0.0.0.0', '--port', '0'],
      env: { HOME: home, NO_COLOR: '1' },
      cwd: home,
      stdin: new PassThrough(),
      stdout: { write: () => true },
      stderr: { write: (text: string) => (stderr += text) },
    });
    await expect.poll(() => stderr, { timeout: 15_000 }).toContain('MCP server on');
    process.emit('SIGTERM');
    expect(await running).toBe(0);
    expect(stderr).toMatch(
      /MCP server on http:\/\/0\.0\.0\.0:(\d+)\/mcp \(every interface; from this machine: http:\/\/127\.0\.0\.1:\1\/mcp\)/,
    );
  });
});

describe('serve with EXAI_ALLOWED_ROOTS naming a missing directory', () => {
  it('warns on stderr, naming the variable and the directory', async () => {
    let stderr = '';
    const missing = join(home, 'no-such-root');
    const running = runCli({
      argv: ['--store', 'memory', 'serve', '--http', '--port', '0'],
      env: { HOME: home, NO_COLOR: '1', EXAI_ALLOWED_ROOTS: missing },
      cwd: home,
      stdin: new PassThrough(),
      stdout: { write: () => true },
      stderr: { write: (text: string) => (stderr += text) },
    });
    await expect.poll(() => stderr, { timeout: 15_000 }).toContain('MCP server on');
    process.emit('SIGTERM');
    expect(await running).toBe(0);
    expect(stderr).toContain(`exai: warning: EXAI_ALLOWED_ROOTS: ${missing} does not exist;`);
  });
});

describe('serve with a base URL variable that has no scheme', () => {
  it('warns on stderr at start-up, naming the variable, its value and the fix', async () => {
    let stderr = '';
    const running = runCli({
      argv: ['--store', 'memory', 'serve', '--http', '--port', '0'],
      env: { HOME: home, NO_COLOR: '1', KIMI_API_KEY: 'k', KIMI_BASE_URL: 'localhost:1234/v1' },
      cwd: home,
      stdin: new PassThrough(),
      stdout: { write: () => true },
      stderr: { write: (text: string) => (stderr += text) },
    });
    await expect.poll(() => stderr, { timeout: 15_000 }).toContain('MCP server on');
    process.emit('SIGTERM');
    expect(await running).toBe(0);
    // Off a terminal, serve logs JSON lines: compare their messages.
    const messages = stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => (JSON.parse(line) as { msg?: string }).msg ?? '')
      .join('\n');
    expect(messages).toContain(
      'exai: warning: KIMI_BASE_URL is "localhost:1234/v1", which has no scheme; write the full URL, such as ' +
        'http://localhost:1234/v1; calls to kimi fail until it is fixed',
    );
  });
});
