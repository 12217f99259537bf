import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFileService } from '@exai/core';
import { createTemporaryTree, type TemporaryTree } from '@exai/core/test';
import { connectToolHarness, type ToolHarness } from '../tools/tool-test-helpers.js';
import { createMemoryResponseCacheBackend } from './memory-response-cache-backend.js';
import { createResponseCache } from './response-cache.js';

let upstream: FakeUpstream;
let tree: TemporaryTree;
let harness: ToolHarness;

beforeAll(async () => {
  upstream = await createFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(async () => {
  upstream.reset();
  tree = await createTemporaryTree();
  await tree.write({ 'spec.md': 'The limit is 10 requests per second.\n' });
  // The cache on with its default tools: file_query and web_search.
  harness = await connectToolHarness(upstream, {
    runtime: {
      files: createFileService({ allowedRoots: [tree.base] }),
      responseCache: createResponseCache({ backend: createMemoryResponseCacheBackend() }),
    },
  });
});
afterEach(async () => {
  await harness.close();
  await tree.remove();
});

const paths = (suffix: string) => upstream.requests.filter((request) => request.path.endsWith(suffix)).length;

describe('the tools cached once the cache is on', () => {
  it('file_query: a repeated question about unchanged files neither uploads nor asks again', async () => {
    const question = { question: 'What is the limit?', files: [tree.at('spec.md')] };
    const first = await harness.call('file_query', question);
    const second = await harness.call('file_query', question);
    expect([paths('/v1/files'), paths('/chat/completions')]).toEqual([1, 1]);
    expect(second.structured).toEqual(first.structured);
    expect(second.meta?.['exai/cache']).toMatchObject({ hit: true });

    await tree.write({ 'spec.md': 'The limit is 20 requests per second.\n' });
    const changed = await harness.call('file_query', question);
    expect(changed.meta?.['exai/cache']).toBeUndefined();
    expect(paths('/chat/completions')).toBe(2);
  });

  it('web_search: the same query is searched once, another max_results searches again', async () => {
    const first = await harness.call('web_search', { query: 'vitest pools', max_results: 2 });
    const second = await harness.call('web_search', { query: 'vitest pools', max_results: 2 });
    expect(paths('/web_search')).toBe(1);
    expect(second.text).toBe(first.text);
    await harness.call('web_search', { query: 'vitest pools', max_results: 3 });
    expect(paths('/web_search')).toBe(2);
  });
});
