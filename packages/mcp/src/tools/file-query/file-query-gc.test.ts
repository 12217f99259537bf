import {
  collectProviderFiles,
  createFileService,
  providerFilesLookup,
  startExpirySweep,
  type FilesV1,
} from '@exai/core';
import { createTemporaryTree, type TemporaryTree } from '@exai/core/test';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectToolHarness, type ToolHarness } from '../tool-test-helpers.js';

let upstream: FakeUpstream;
let harness: ToolHarness;
let tree: TemporaryTree;
const hour = 60 * 60_000;

beforeAll(async () => {
  upstream = await createFakeUpstream();
});
afterAll(() => upstream.close());
beforeEach(async () => {
  upstream.reset();
  tree = await createTemporaryTree();
  await tree.write({ 'spec.md': '# Spec\nThe limit is 42.\n', 'notes.md': 'Notes.\n' });
  harness = await connectToolHarness(upstream, {
    runtime: {
      files: createFileService({ allowedRoots: [tree.base] }),
      limits: { threadTtlInMs: 5 * hour },
    },
  });
});
afterEach(async () => {
  await harness.close();
  await tree.remove();
});

const deletes = () =>
  upstream.requests.filter((request) => request.method === 'DELETE').map((request) => request.path);
const records = async () => (await harness.store.listFileRecords('default')).items;

async function ask(files: string[], continuationId?: string) {
  const result = await harness.call('file_query', {
    question: 'What is the limit?',
    files: files.map((name) => tree.at(name)),
    ...(continuationId !== undefined && { continuation_id: continuationId }),
  });
  expect(result.isError, result.text).toBe(false);
  return String(result.structured.continuation_id);
}

const collect = (hoursLater: number, filesFor = providerFilesLookup(harness.runtime.registry)) =>
  collectProviderFiles({ store: harness.store, filesFor, now: new Date(Date.now() + hoursLater * hour) });

describe('provider uploads of file_query are deleted once no thread uses them', () => {
  it('deleting a thread releases its references; gc then deletes the upload at the provider', async () => {
    const first = await ask(['spec.md']);
    await ask(['spec.md'], first);
    const second = await ask(['spec.md', 'notes.md']);
    expect((await records()).map((record) => record.refCount).sort()).toEqual([1, 3]);

    expect(await collect(2)).toEqual({ releasedThreads: 0, deleted: 0, failed: [] });
    expect(deletes()).toEqual([]);

    expect((await harness.call('threads', { action: 'delete', id: second })).isError).toBe(false);
    const afterDelete = await records();
    expect(afterDelete.map((record) => record.refCount).sort()).toEqual([0, 2]);
    // Just uploaded: an unreferenced record is left alone within the grace period.
    expect((await collect(0)).deleted).toBe(0);
    expect(await collect(0.5)).toMatchObject({ deleted: 0 });

    const unused = afterDelete.find((record) => record.refCount === 0)!;
    expect(await collect(2)).toEqual({ releasedThreads: 0, deleted: 1, failed: [] });
    expect(deletes()).toEqual([`/v1/files/${unused.providerFileId}`]);
    expect((await records()).map((record) => record.refCount)).toEqual([2]);
  });

  it('the sweep releases expired threads and deletes their uploads, keeping a failed one for the next run', async () => {
    await ask(['spec.md']);
    const [record] = await records();
    const real = providerFilesLookup(harness.runtime.registry);
    let failing = true;
    const flaky = (provider: string): FilesV1 | undefined => {
      const api = real(provider);
      if (api === undefined) return undefined;
      return {
        ...api,
        delete: async (id, options) => {
          if (failing) throw new Error('the provider is down');
          return api.delete(id, options);
        },
      };
    };
    let at = new Date(Date.now() + 6 * hour);
    const sweep = startExpirySweep({ store: harness.store, filesFor: flaky, now: () => at });
    try {
      const failed = await sweep.sweepNow();
      expect(failed).toMatchObject({
        threads: 1,
        providerFiles: {
          releasedThreads: 1,
          deleted: 0,
          failed: [
            { provider: 'kimi', providerFileId: record!.providerFileId, message: 'the provider is down' },
          ],
        },
      });
      // The record is still there, unreferenced, for the next sweep.
      expect(await records()).toMatchObject([{ refCount: 0 }]);

      failing = false;
      at = new Date(at.getTime() + 2 * hour);
      const retried = await sweep.sweepNow();
      expect(retried.providerFiles).toEqual({ releasedThreads: 0, deleted: 1, failed: [] });
      expect(deletes()).toEqual([`/v1/files/${record!.providerFileId}`]);
      expect(await records()).toEqual([]);
    } finally {
      await sweep.stop();
    }
  });

  it('an upload already gone at the provider counts as deleted; an expired record whose delete fails survives the store expiry', async () => {
    await ask(['spec.md']);
    const [record] = await records();
    await harness.store.putFileRecord({
      tenantId: 'default',
      provider: 'kimi',
      sha256: record!.sha256,
      providerFileId: record!.providerFileId,
      sizeInBytes: record!.sizeInBytes,
      expiresAt: new Date(Date.now() - 1000),
    });
    const now = new Date();
    const down = await collectProviderFiles({ store: harness.store, filesFor: () => undefined, now });
    expect(down.failed[0]?.message).toContain('no configured provider "kimi"');
    await harness.store.expire(now);
    expect(await records()).toHaveLength(1);

    upstream.enqueue({ status: 404, body: { error: { message: 'no such file' } } });
    expect(await collect(0.1)).toEqual({ releasedThreads: 0, deleted: 1, failed: [] });
    expect(await records()).toEqual([]);
  });
});
