import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/exai.js', import.meta.url));
const built = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
let home: string;

beforeAll(() => {
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` before these tests.`);
  home = mkdtempSync(join(tmpdir(), 'exai-serve-limits-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** Runs the built `exai serve --http` until it exits (or `stopAfterInMs`, with SIGINT). */
function serve(
  env: Record<string, string>,
  stopAfterInMs?: number,
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [bin, 'serve', '--http', '--port', '0'], {
    cwd: home,
    env: { PATH: process.env.PATH ?? '', HOME: home, NO_COLOR: '1', EXAI_STORE: 'memory', ...env },
  });
  let stderr = '';
  let stopping = false;
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (stopAfterInMs !== undefined && !stopping && stderr.includes('MCP server on')) {
      stopping = true;
      setTimeout(() => child.kill('SIGINT'), stopAfterInMs);
    }
  });
  const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stderr });
    }),
  );
}

describe('exai serve --http with limits', () => {
  it('refuses to start, and exits, when Redis cannot be reached and limits fail closed', async () => {
    const { code, stderr } = await serve({
      EXAI_REQUESTS_PER_MINUTE: '60',
      EXAI_REDIS_URL: 'redis://:hunter2-password@127.0.0.1:1',
    });
    expect(code).toBe(2);
    expect(stderr).toContain('exai: invalid_config: Invalid configuration in EXAI_REDIS_URL:');
    expect(stderr).toContain('cannot be reached (connect ECONNREFUSED 127.0.0.1:1)');
    expect(stderr).not.toContain('hunter2-password');
  });

  it('starts with per-replica counts when set to local, saying so once', async () => {
    const { code, stderr } = await serve(
      {
        EXAI_TOKENS_PER_MINUTE: '10000',
        EXAI_LIMITS_ON_REDIS_UNAVAILABLE: 'local',
        EXAI_REDIS_URL: 'redis://127.0.0.1:1',
      },
      0,
    );
    expect(code).toBe(0);
    expect(stderr.match(/cannot be reached/g)).toHaveLength(1);
    expect(stderr).toMatch(/MCP server on http:\/\/\S+ \(sessions, .*, limits in memory[,)]/);
  });

  it('refuses a bad limit variable at start-up, naming it', async () => {
    const { code, stderr } = await serve({ EXAI_CONCURRENT_CALLS: 'two' });
    expect(code).toBe(2);
    expect(stderr).toContain('EXAI_CONCURRENT_CALLS: "two" is not a whole number ≥ 1');
  });
});
