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
