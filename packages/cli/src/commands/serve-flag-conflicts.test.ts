import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../program.js';

let home: string;
beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'exai-serve-flags-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

async function serve(argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await runCli({
    argv: ['serve', ...argv],
    env: { HOME: home, NO_COLOR: '1', EXAI_STORE: 'memory' },
    cwd: home,
    stdout: { write: () => true },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stderr };
}

describe('exai serve flags that do not go together', () => {
  it('refuses session settings with --stateless, which keeps no sessions', async () => {
    for (const flag of ['--max-sessions', '--session-ttl']) {
      const refused = await serve(['--http', '--no-auth', '--stateless', '--port', '0', flag, '5']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(
        `${flag} sets how sessions are kept, and --stateless keeps none: drop one of the two.`,
      );
      expect(refused.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('refuses --http flags without --http', async () => {
    const refused = await serve(['--max-sessions', '5']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--max-sessions needs --http');
  });
});
