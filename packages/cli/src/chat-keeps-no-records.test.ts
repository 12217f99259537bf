import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSessionStore } from '@exai/storage';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from './test-helpers/run-cli-captured.js';

let directory: string;
let storePath: string;
let upstream: FakeUpstream;

function exai(argv: string[]) {
  return runCliCaptured({
    argv,
    env: {
      HOME: directory,
      XDG_CONFIG_HOME: join(directory, 'config'),
      XDG_DATA_HOME: join(directory, 'data'),
      NO_COLOR: '1',
      EXAI_STORE: `sqlite:${storePath}`,
      KIMI_API_KEY: 'test-key-kimi',
      KIMI_BASE_URL: `${upstream.url}/v1`,
    },
    cwd: directory,
    input: '',
  });
}

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'exai-chat-records-'));
  storePath = join(directory, 'exai.db');
  upstream = await createFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
  rmSync(directory, { recursive: true, force: true });
});

/**
 * `exai chat` asks the model through the registry directly, not through the MCP tools, and opens
 * no store (decision 0045): it keeps no usage record for a call that fails, as for one that
 * answers, so the two are consistent. Usage records are the MCP tools' (decision 0039).
 */
describe('exai chat and the store', () => {
  it('keeps no usage, thread or audit record of a call, answered or failed', async () => {
    expect((await exai(['migrate', 'up'])).code).toBe(0);

    upstream.enqueue({ reply: { text: 'Fine.' } });
    const answered = await exai(['chat', '-m', 'kimi-k2', 'hello']);
    expect(answered.code).toBe(0);
    expect(answered.stdout).toBe('Fine.\n');

    upstream.enqueue({ status: 503, retryAfterMs: 1, times: 10 });
    const failed = await exai(['chat', '-m', 'kimi-k2', 'hello']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^exai: upstream_unavailable: /m);

    const store = await openSessionStore({ kind: 'sqlite', path: storePath });
    try {
      expect((await store.listUsage('default')).items).toEqual([]);
      expect((await store.listThreads('default')).items).toEqual([]);
      // Only the record of `exai migrate up` itself.
      expect((await store.listAudit('default')).items.map((event) => event.action)).toEqual([
        'store.migrate.up',
      ]);
    } finally {
      await store.close();
    }
    const usage = await exai(['usage', '--json']);
    expect(usage.code).toBe(0);
    expect(JSON.parse(usage.stdout).rows).toEqual([]);
  });
});
