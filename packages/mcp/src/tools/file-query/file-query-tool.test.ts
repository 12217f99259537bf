import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFileService } from '@exai/core';
import { createTemporaryTree, pngBytes, type TemporaryTree } from '@exai/core/test';
import { chatBodies, connectToolHarness, shownText, type ToolHarness } from '../tool-test-helpers.js';

let upstream: FakeUpstream;
let harness: ToolHarness;
let tree: TemporaryTree;

beforeAll(async () => {
  upstream = await createFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(async () => {
  upstream.reset();
  tree = await createTemporaryTree();
  await tree.write({ 'notes/spec.md': '# Spec\nThe limit is 42 requests per minute.\n' });
  harness = await connectToolHarness(upstream, {
    runtime: { files: createFileService({ allowedRoots: [tree.base] }) },
  });
});
afterEach(async () => {
  await harness.close();
  await tree.remove();
});

const uploads = () =>
  upstream.requests.filter((request) => request.method === 'POST' && request.path === '/v1/files');
const contentReads = () => upstream.requests.filter((request) => request.path.endsWith('/content'));

describe('file_query', () => {
  it('uploads a file once per content hash, and answers from its extracted text', async () => {
    const spec = tree.at('notes/spec.md');
    upstream.handle(() => ({ reply: { text: 'The limit is 42 per minute (spec.md).' } }));
    const first = await harness.call('file_query', { question: 'What is the limit?', files: [spec] });
    expect(first.isError).toBe(false);
    expect(uploads()).toHaveLength(1);
    expect(uploads()[0]?.multipart?.fields.purpose).toBe('file-extract');
    expect(uploads()[0]?.multipart?.files[0]?.filename).toBe('spec.md');
    const [body] = chatBodies(upstream);
    expect(body?.model).toBe('kimi-k2-0905-preview');
    expect(shownText(body!)).toContain(`<file path="${spec}">\n# Spec\nThe limit is 42 requests per minute.`);
    expect(first.structured).toMatchObject({
      model: 'kimi:kimi-k2-0905-preview',
      files: [{ path: spec, file_id: 'file-fake000001', uploaded: true }],
    });
    expect(first.text).toContain(`- ${spec}: uploaded (file-fake000001)`);

    const sha256 = createHash('sha256')
      .update('# Spec\nThe limit is 42 requests per minute.\n')
      .digest('hex');
    expect(await harness.store.getFileRecord('default', 'kimi', sha256)).toMatchObject({
      providerFileId: 'file-fake000001',
      refCount: 1,
    });

    // A new conversation about the same bytes reuses the upload.
    const second = await harness.call('file_query', { question: 'Who wrote it?', files: [spec] });
    expect(second.isError).toBe(false);
    expect(uploads()).toHaveLength(1);
    expect(contentReads()).toHaveLength(2);
    expect(second.structured.files).toEqual([{ path: spec, file_id: 'file-fake000001', uploaded: false }]);
    expect(second.structured.continuation_id).not.toBe(first.structured.continuation_id);
    expect((await harness.store.getFileRecord('default', 'kimi', sha256))?.refCount).toBe(2);

    // Changed bytes are a new upload.
    await tree.write({ 'notes/spec.md': '# Spec\nThe limit is 50 requests per minute.\n' });
    const third = await harness.call('file_query', { question: 'And now?', files: [spec] });
    expect(third.structured.files).toEqual([{ path: spec, file_id: 'file-fake000002', uploaded: true }]);
    expect(uploads()).toHaveLength(2);
  });

  it('marks an answer cut off at the output limit in cut_off_at_tokens', async () => {
    upstream.handle(() => ({ reply: { text: 'The limit is', finishReason: 'length' } }));
    const result = await harness.call('file_query', {
      question: 'Limit?',
      files: [tree.at('notes/spec.md')],
    });
    expect(result.isError).toBe(false);
    const limit = (chatBodies(upstream)[0] as { max_tokens?: number } | undefined)?.max_tokens;
    expect(limit).toBeGreaterThan(0);
    expect(result.text).toContain(
      `Cut off: the answer stopped at the model's output limit (${limit} tokens)`,
    );
    expect(result.structured.cut_off_at_tokens).toBe(limit);

    upstream.handle(() => ({ reply: { text: 'The limit is 42.' } }));
    const whole = await harness.call('file_query', { question: 'Limit?', files: [tree.at('notes/spec.md')] });
    expect(whole.structured).not.toHaveProperty('cut_off_at_tokens');
  });

  it('continues a conversation, reusing the first call’s files when none are given', async () => {
    const spec = tree.at('notes/spec.md');
    upstream.handle(() => ({ reply: { text: 'Forty-two.' } }));
    const first = await harness.call('file_query', { question: 'What is the limit?', files: [spec] });
    const threadId = String(first.structured.continuation_id);
    const second = await harness.call('file_query', { question: 'Per what?', continuation_id: threadId });
    expect(second.isError).toBe(false);
    expect(second.structured.continuation_id).toBe(threadId);
    expect(uploads()).toHaveLength(1);
    const body = chatBodies(upstream)[1];
    expect(body?.messages.slice(1, 3)).toEqual([
      { role: 'user', content: 'What is the limit?' },
      { role: 'assistant', content: 'Forty-two.' },
    ]);
    expect(String(body?.messages.at(-1)?.content)).toMatch(/^Per what\?\n\n<file path=/);
    expect((await harness.store.getThread('default', threadId))?.turnCount).toBe(4);
  });

  it('uploads again when the recorded upload is gone upstream', async () => {
    const spec = tree.at('notes/spec.md');
    await harness.call('file_query', { question: 'Limit?', files: [spec] });
    upstream.reset(); // the fake forgets its files
    const again = await harness.call('file_query', { question: 'Limit?', files: [spec] });
    expect(again.isError).toBe(false);
    expect(again.structured.files).toMatchObject([{ uploaded: true }]);
    expect(uploads()).toHaveLength(1);
  });

  it('refuses paths outside the allowed roots, and asks for files when there are none', async () => {
    const outside = await harness.call('file_query', { question: 'What?', files: ['/etc/hosts'] });
    expect(outside.isError).toBe(true);
    expect(outside.text).toMatch(/^path_not_allowed: /);
    const none = await harness.call('file_query', { question: 'What?' });
    expect(none.isError).toBe(true);
    expect(none.text).toMatch(/^invalid_argument: Pass files/);
    const badModel = await harness.call('file_query', {
      question: 'What?',
      files: [tree.at('notes/spec.md')],
      model: 'no-such-model-x',
    });
    expect(badModel.text).toMatch(/^no_such_model: /);
    expect(upstream.requests).toHaveLength(0);
  });

  it('notes an image inside a folder instead of failing, but refuses one named directly', async () => {
    await tree.write({ 'notes/logo.png': pngBytes });
    upstream.handle(() => ({ reply: { text: 'Forty-two.' } }));
    const folder = await harness.call('file_query', { question: 'Limit?', files: [tree.at('notes')] });
    expect(folder.isError).toBe(false);
    expect(folder.structured.files).toMatchObject([{ path: tree.at('notes/spec.md') }]);
    expect(folder.text).toMatch(/- .*logo\.png: .*is an image/);
    expect(uploads()).toHaveLength(1);
    const named = await harness.call('file_query', { question: 'Logo?', files: [tree.at('notes/logo.png')] });
    expect(named.isError).toBe(true);
    expect(named.text).toMatch(/^binary_file: /);
  });

  it('records the hash of the bytes it uploaded, even when the file changes between reads', async () => {
    await harness.close();
    const files = createFileService({ allowedRoots: [tree.base] });
    // A second read of the file would see other bytes than the first.
    const stale = { ...files, sha256: async () => 'f'.repeat(64) };
    harness = await connectToolHarness(upstream, { runtime: { files: stale } });
    upstream.handle(() => ({ reply: { text: 'ok' } }));
    const result = await harness.call('file_query', {
      question: 'Limit?',
      files: [tree.at('notes/spec.md')],
    });
    expect(result.isError).toBe(false);
    const uploaded = '# Spec\nThe limit is 42 requests per minute.\n';
    const sha256 = createHash('sha256').update(uploaded).digest('hex');
    expect(await harness.store.getFileRecord('default', 'kimi', sha256)).toBeDefined();
    expect(await harness.store.getFileRecord('default', 'kimi', 'f'.repeat(64))).toBeUndefined();
  });

  it('says which variables to set when no provider has a files API', async () => {
    await harness.close();
    harness = await connectToolHarness(upstream, { providers: ['glm'] });
    const result = await harness.call('file_query', { question: 'What?', files: [tree.at('notes/spec.md')] });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^file_query_unavailable: .*KIMI_API_KEY or MOONSHOT_API_KEY/);
  });
});
