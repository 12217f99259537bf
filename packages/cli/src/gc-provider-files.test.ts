import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKimi } from '@exai/providers';
import { openSessionStore, parseStoreSpec } from '@exai/storage';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from './test-helpers/run-cli-captured.js';

let directory: string;
let upstream: FakeUpstream;

function exai(argv: string[]) {
  return runCliCaptured({
    argv,
    env: {
      HOME: directory,
      NO_COLOR: '1',
      KIMI_API_KEY: 'test-key',
      KIMI_BASE_URL: `${upstream.url}/v1`,
    },
    cwd: directory,
    tty: true,
  });
}

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'exai-gc-files-'));
  upstream = await createFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('exai gc and provider uploads', () => {
  it('deletes an expired upload at the provider and says so, in text and --json', async () => {
    const spec = `sqlite:${join(directory, 'files.db')}`;
    expect((await exai(['--store', spec, 'migrate', 'up'])).code).toBe(0);
    const kimi = createKimi({ apiKey: 'test-key', baseURL: `${upstream.url}/v1` });
    const seed = async (sha256: string) => {
      const uploaded = await kimi
        .files()
        .upload({ data: new TextEncoder().encode(sha256), filename: 'a.md' });
      const store = await openSessionStore(parseStoreSpec(spec));
      try {
        await store.createTenant({ id: 'default' }).catch(() => undefined);
        await store.putFileRecord({
          tenantId: 'default',
          provider: 'kimi',
          sha256,
          providerFileId: uploaded.id,
          sizeInBytes: 1,
          expiresAt: new Date(Date.now() - 60_000),
        });
      } finally {
        await store.close();
      }
      return uploaded.id;
    };

    const first = await seed('a'.repeat(64));
    const text = await exai(['--store', spec, 'gc']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /: deleted 0 expired threads and 0 expired file records; deleted 1 provider uploads no live thread uses\n$/,
    );
    expect(
      upstream.requests.filter((request) => request.method === 'DELETE').map((request) => request.path),
    ).toEqual([`/v1/files/${first}`]);

    await seed('b'.repeat(64));
    const json = JSON.parse((await exai(['--store', spec, 'gc', '--json'])).stdout);
    expect(json).toMatchObject({
      deleted: { threads: 0, files: 0, providerFiles: 1 },
      releasedThreads: 0,
      kept: [],
    });
    expect((await exai(['--store', spec, 'gc', '--json'])).stdout).toContain('"providerFiles":0');
  });
});
