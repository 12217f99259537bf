import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/exai.js', import.meta.url));
const built = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const betterSqlite3 = createRequire(import.meta.url).resolve('better-sqlite3');

let upstream: FakeUpstream;
let home: string;
let holder: ChildProcess | undefined;

beforeAll(async () => {
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` before these tests.`);
  upstream = await createFakeUpstream();
  home = realpathSync(mkdtempSync(join(tmpdir(), 'exai-serve-lock-')));
  mkdirSync(join(home, 'project'));
});
afterAll(async () => {
  holder?.kill();
  await upstream.close();
  rmSync(home, { recursive: true, force: true });
});

/** Another process holding SQLite's write lock on `path`; it prints `releasing <Date.now()>` when it lets go. */
function holdLock(path: string, holdInMs: number): Promise<{ released: Promise<number> }> {
  const script = `
    const db = new (require(${JSON.stringify(betterSqlite3)}))(${JSON.stringify(path)});
    db.exec('BEGIN EXCLUSIVE');
    console.log('locked ' + Date.now());
    setTimeout(() => { console.log('releasing ' + Date.now()); db.exec('COMMIT'); db.close(); }, ${holdInMs});
  `;
  holder = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: holder.stdout! });
  return new Promise((resolveLocked) => {
    let release: (at: number) => void = () => undefined;
    const released = new Promise<number>((resolve) => (release = resolve));
    lines.on('line', (line) => {
      const [event, at] = line.split(' ');
      if (event === 'locked') resolveLocked({ released });
      if (event === 'releasing') release(Number(at));
    });
  });
}

const waitFor = (delayInMs: number) => new Promise((resolve) => setTimeout(resolve, delayInMs));

describe('exai serve on a SQLite file another process is writing', () => {
  it('answers a ping while a tool call waits for the lock, and finishes the call after it', async () => {
    const path = join(home, 'exai.db');
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [bin, 'serve', '--store', `sqlite:${path}`],
      cwd: join(home, 'project'),
      env: {
        PATH: process.env.PATH ?? '',
        HOME: home,
        NO_COLOR: '1',
        EXAI_ALLOWED_ROOTS: join(home, 'project'),
        KIMI_API_KEY: 'test-key',
        KIMI_BASE_URL: `${upstream.url}/v1`,
      },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'sqlite-lock-e2e', version: '1.0.0' });
    await client.connect(transport);
    try {
      // A first call creates the tenant, so the next call's first write is its thread.
      upstream.enqueue({ reply: { text: 'Warm.' } });
      expect(
        (await client.callTool({ name: 'chat', arguments: { prompt: 'Warm up.' } })).isError,
      ).toBeFalsy();

      const { released } = await holdLock(path, 2_500);
      const requestsBefore = upstream.requests.length;
      upstream.enqueue({ reply: { text: 'Written after the lock.' } });
      let callDoneAt = 0;
      const call = client
        .callTool({ name: 'chat', arguments: { prompt: 'Remember this.' } })
        .then((result) => {
          callDoneAt = Date.now();
          return result;
        });
      while (upstream.requests.length === requestsBefore) await waitFor(10);
      // The model has answered; the daemon is now writing the turns and waits for the lock.
      await waitFor(300);
      await client.ping();
      const pingedAt = Date.now();

      const result = await call;
      const releasedAt = await released;
      expect(pingedAt).toBeLessThan(releasedAt);
      expect(result.isError).toBeFalsy();
      expect(callDoneAt).toBeGreaterThanOrEqual(releasedAt);
    } finally {
      await client.close();
    }
  }, 30_000);
});
