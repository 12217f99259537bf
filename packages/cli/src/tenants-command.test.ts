import { createKimi } from '@exai/providers';
import { openSessionStore, parseStoreSpec } from '@exai/storage';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SessionStoreV1 } from '@exai/core';
import { runCliCaptured } from './test-helpers/run-cli-captured.js';

let directory: string;
let upstream: FakeUpstream;
let storeSpec: string;

function exai(
  argv: string[],
  env: Record<string, string> = {},
  { tty = false, input }: { tty?: boolean; input?: string } = {},
) {
  return runCliCaptured({
    argv: ['--store', storeSpec, ...argv],
    env: { HOME: directory, XDG_DATA_HOME: join(directory, 'data'), ...env },
    cwd: directory,
    tty,
    ...(input !== undefined && { input }),
  });
}

async function withStore<T>(run: (store: SessionStoreV1) => Promise<T>): Promise<T> {
  const store = await openSessionStore(parseStoreSpec(storeSpec, { env: {} }));
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

const day = 86_400_000;
const kimiEnv = () => ({ KIMI_API_KEY: 'test-key-kimi', KIMI_BASE_URL: `${upstream.url}/v1` });

/** Two tenants, each with a thread, usage, audit, a key and a file uploaded to the fake Kimi. */
async function seed(): Promise<{ acmeThread: string; localThread: string; fileId: string }> {
  const kimi = createKimi({ apiKey: 'test-key-kimi', baseURL: `${upstream.url}/v1` });
  const uploaded = await kimi.files().upload({ data: new TextEncoder().encode('hello'), filename: 'a.txt' });
  return withStore(async (store) => {
    await store.createTenant({ id: 'acme' });
    const acme = await store.createThread({ tenantId: 'acme', title: 'acme secret plan' });
    await store.appendTurn({ tenantId: 'acme', threadId: acme.id, role: 'user', content: 'plan' });
    const local = await store.createThread({ tenantId: 'default', title: 'local notes' });
    for (const tenantId of ['acme', 'default']) {
      await store.recordUsage({
        tenantId,
        model: 'kimi:k2',
        inputTokens: 1,
        outputTokens: 1,
        latencyInMs: 1,
        status: 'ok',
        createdAt: new Date(Date.now() - 500 * day),
      });
      await store.recordUsage({
        tenantId,
        model: 'kimi:k2',
        inputTokens: 1,
        outputTokens: 1,
        latencyInMs: 1,
        status: 'ok',
      });
      await store.appendAudit({ tenantId, action: 'test.event' });
      await store.createApiKey({
        tenantId,
        name: 'k',
        prefix: `exai_${tenantId}`,
        hash: tenantId.padEnd(64, '0'),
      });
    }
    await store.putFileRecord({
      tenantId: 'acme',
      provider: 'kimi',
      sha256: 'a'.repeat(64),
      providerFileId: uploaded.id,
      sizeInBytes: 5,
    });
    return { acmeThread: acme.id, localThread: local.id, fileId: uploaded.id };
  });
}

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'exai-tenants-cli-'));
  upstream = await createFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
  rmSync(directory, { recursive: true, force: true });
});
let run = 0;
beforeEach(async () => {
  upstream.reset();
  storeSpec = `sqlite:${join(directory, `store-${++run}.db`)}`;
  expect((await exai(['migrate', 'up'])).code).toBe(0);
});

describe('exai threads --tenant', () => {
  it('lists, shows and deletes the local tenant’s threads by default, and another tenant’s only with --tenant', async () => {
    const { acmeThread, localThread } = await seed();
    const local = await exai(['threads', 'list']);
    expect(local.stdout).toContain(localThread);
    expect(local.stdout).not.toContain(acmeThread);
    const acme = await exai(['threads', 'list', '--tenant', 'acme', '--json']);
    expect(JSON.parse(acme.stdout).threads.map((thread: { id: string }) => thread.id)).toEqual([acmeThread]);

    const show = await exai(['threads', 'show', acmeThread]);
    expect(show.code).toBe(1);
    expect(show.stderr).toContain(`no thread "${acmeThread}"`);
    expect((await exai(['threads', 'show', acmeThread, '--tenant', 'acme'])).stdout).toContain(
      'acme secret plan',
    );
    expect((await exai(['threads', 'rm', acmeThread, '--yes'])).code).toBe(1);
    expect((await exai(['threads', 'rm', acmeThread, '--yes', '--tenant', 'acme'])).code).toBe(0);
    expect(await withStore((store) => store.getThread('acme', acmeThread))).toBeUndefined();
    expect(await withStore((store) => store.getThread('default', localThread))).toBeDefined();
  });

  it('refuses an empty --tenant', async () => {
    const result = await exai(['threads', 'list', '--tenant', ' ']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--tenant needs a tenant id');
  });
});

describe('exai tenants delete', () => {
  const wouldDelete =
    "tenant acme's 1 thread (1 message), 0 workflow states, 1 file record (and its upload at the provider), " +
    '2 usage records, 1 audit event, 1 API key';

  it('without --yes, when stdin is not a terminal, refuses as exai threads rm does, saying what would go', async () => {
    await seed();
    const before = await withStore((store) => store.countTenantData('acme'));
    const result = await exai(['tenants', 'delete', 'acme'], kimiEnv());
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `exai: invalid_argument: this would delete ${wouldDelete} from ${storeSpec}, ` +
        'and stdin is not a terminal to ask; nothing was deleted.\n' +
        'Run it again with --yes to delete without asking.\n',
    );
    expect(await withStore((store) => store.countTenantData('acme'))).toEqual(before);
    expect(upstream.requests.filter((request) => request.method === 'DELETE')).toEqual([]);

    const json = await exai(['tenants', 'delete', 'acme', '--json'], kimiEnv());
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({
      store: storeSpec,
      tenant: 'acme',
      deleted: false,
      wouldDelete: before,
    });
    expect(json.stderr).toContain('Run it again with --yes');
    expect(await withStore((store) => store.countTenantData('acme'))).toEqual(before);
  });

  it('without --yes, on a terminal, asks what exai threads rm asks and deletes only after yes', async () => {
    await seed();
    const before = await withStore((store) => store.countTenantData('acme'));
    const declined = await exai(['tenants', 'delete', 'acme', '--json'], kimiEnv(), {
      tty: true,
      input: 'n\n',
    });
    expect(declined.code).toBe(1);
    expect(declined.stderr).toBe(`Delete ${wouldDelete} from ${storeSpec}? [y/N] nothing deleted\n`);
    expect(JSON.parse(declined.stdout)).toMatchObject({ deleted: false, wouldDelete: before });
    const closed = await exai(['tenants', 'delete', 'acme'], kimiEnv(), { tty: true, input: '' });
    expect(closed.code).toBe(1);
    expect(await withStore((store) => store.countTenantData('acme'))).toEqual(before);
    expect(upstream.requests.filter((request) => request.method === 'DELETE')).toEqual([]);

    const confirmed = await exai(['tenants', 'delete', 'acme'], kimiEnv(), { tty: true, input: 'y\n' });
    expect(confirmed.code).toBe(0);
    expect(confirmed.stdout).toContain('deleted from');
    expect(await withStore((store) => store.countTenantData('acme'))).toMatchObject({
      threads: 0,
      apiKeys: 0,
    });
    expect(upstream.requests.filter((request) => request.method === 'DELETE')).toHaveLength(1);
  });

  it('with --yes deletes the provider uploads and every record of the tenant, leaving one audit event', async () => {
    const { fileId, localThread } = await seed();
    const defaultBefore = await withStore((store) => store.countTenantData('default'));
    const result = await exai(['tenants', 'delete', 'acme', '--yes', '--json'], kimiEnv());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      tenant: 'acme',
      deleted: { threads: 1, turns: 1, files: 1, usage: 2, audit: 1, apiKeys: 1 },
      providerUploads: { deleted: 1, failed: [] },
    });
    const deletes = upstream.requests.filter((request) => request.method === 'DELETE');
    expect(deletes.map((request) => request.path)).toEqual([`/v1/files/${fileId}`]);

    await withStore(async (store) => {
      expect(await store.countTenantData('acme')).toEqual({
        threads: 0,
        turns: 0,
        workflowStates: 0,
        files: 0,
        usage: 0,
        audit: 1,
        apiKeys: 0,
      });
      const [event] = (await store.listAudit('acme')).items;
      expect(event).toMatchObject({ action: 'tenant.delete', actor: 'cli', target: 'acme' });
      expect(await store.countTenantData('default')).toEqual(defaultBefore);
      expect(await store.getThread('default', localThread)).toBeDefined();
    });
  });

  it('reports uploads it could not delete at the provider by id, and exits 1', async () => {
    await seed();
    await withStore((store) =>
      store.putFileRecord({
        tenantId: 'acme',
        provider: 'nowhere',
        sha256: 'b'.repeat(64),
        providerFileId: 'file-x1',
        sizeInBytes: 1,
      }),
    );
    const result = await exai(['tenants', 'delete', 'acme', '--yes'], kimiEnv());
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('deleted from');
    expect(result.stderr).toContain('1 upload could not be deleted at the provider');
    expect(result.stderr).toContain('nowhere file-x1: the provider "nowhere" is not configured here');
    const [event] = await withStore(async (store) => (await store.listAudit('acme')).items);
    expect(event?.detail).toMatchObject({
      providerUploads: { deleted: 1, failed: [{ provider: 'nowhere', providerFileId: 'file-x1' }] },
    });
  });

  it('answers a missing tenant with not found', async () => {
    const result = await exai(['tenants', 'delete', 'nobody', '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no tenant "nobody"');
  });

  it('lists tenants with their counts', async () => {
    await seed();
    const listed = JSON.parse((await exai(['tenants', 'list', '--json'])).stdout);
    expect(
      listed.tenants.map((tenant: { id: string; threads: number }) => [tenant.id, tenant.threads]),
    ).toEqual([
      ['default', 1],
      ['acme', 1],
    ]);
  });
});

describe('exai gc with retention', () => {
  it('deletes usage, audit and threads past the configured retention, and says so', async () => {
    await seed();
    const kept = await exai(['gc']);
    expect(kept.stdout).not.toContain('retention');
    const result = await exai(['gc', '--json'], {
      EXAI_RETENTION_USAGE: '400d',
      EXAI_RETENTION_AUDIT: '400d',
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      deleted: { threads: 0, files: 0 },
      retention: {
        policy: { threads: null, usage: '400d', audit: '400d' },
        deleted: { threads: 0, usage: 2, audit: 0 },
      },
    });
    // The shortest retention is one second; let the seeded threads grow older than that.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const text = await exai(['gc'], { EXAI_RETENTION_THREADS: '1s' });
    expect(text.stdout).toMatch(
      /retention: deleted 2 threads \(older than 1s\), 0 usage records \(kept\) and 0 audit events \(kept\)/,
    );
  });

  it('refuses a retention that is not a duration', async () => {
    const result = await exai(['gc'], { EXAI_RETENTION_USAGE: 'forever' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('EXAI_RETENTION_USAGE: "forever" is not a duration such as 30d');
  });
});
