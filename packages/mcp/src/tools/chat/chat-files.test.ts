import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFileService } from '@exai/core';
import { createTemporaryTree, pngBytes, type TemporaryTree } from '@exai/core/test';
import { chatBodies, connectToolHarness, type ToolHarness } from '../tool-test-helpers.js';

let upstream: FakeUpstream;
let harness: ToolHarness;
let root: TemporaryTree;
let outside: TemporaryTree;

beforeAll(async () => {
  upstream = await createFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(async () => {
  upstream.reset();
  root = await createTemporaryTree();
  outside = await createTemporaryTree();
  await root.write({ 'src/config.ts': 'export const retries = 3;\n', 'shot.png': pngBytes });
  await outside.write({ 'secret.txt': 'outside the roots\n' });
  harness = await connectToolHarness(upstream, {
    runtime: { files: createFileService({ allowedRoots: [root.base] }) },
  });
});
afterEach(async () => {
  await harness.close();
  await root.remove();
  await outside.remove();
});

const lastUserMessage = (index: number) => String(chatBodies(upstream)[index]?.messages.at(-1)?.content);

async function expectStillServing(): Promise<void> {
  const version = await harness.call('version', {});
  expect(version.isError).toBe(false);
}

describe('chat with files and images through the FileService', () => {
  it('embeds a file from an allowed root, and shows its new content when the thread continues', async () => {
    const path = root.at('src/config.ts');
    const first = await harness.call('chat', {
      prompt: 'Is 3 retries enough?',
      model: 'kimi-k2',
      files: [path],
    });
    expect(first.isError).toBe(false);
    expect(lastUserMessage(0)).toContain(`<file path="${path}">\n1│ export const retries = 3;\n</file>`);
    const threadId = String(first.structured.continuation_id);
    const turns = await harness.store.listTurns('default', threadId);
    expect(turns[0]?.content).toBe('Is 3 retries enough?');
    expect(turns[0]?.metadata.files).toEqual([path]);

    await root.write({ 'src/config.ts': 'export const retries = 5;\n' });
    const second = await harness.call('chat', { prompt: 'I changed it; better?', continuation_id: threadId });
    expect(second.isError).toBe(false);
    const message = lastUserMessage(1);
    expect(message).toContain('1│ export const retries = 5;');
    expect(message).not.toContain('retries = 3');
  });

  it.each([
    ['a path outside the roots', () => outside.at('secret.txt'), /outside the allowed roots/],
    [
      'a ".." escape',
      () => `${root.base}/src/../../${outside.base.split('/').pop()}/secret.txt`,
      /uses "\.\." to leave the allowed roots/,
    ],
    [
      'a symbolic link escape',
      () => root.at('src/link.txt'),
      /leads through a symbolic link to .* outside the allowed roots/,
    ],
  ])('refuses %s with an error naming the rule, and keeps serving', async (_name, pathOf, rule) => {
    await root.link(outside.at('secret.txt'), 'src/link.txt');
    const result = await harness.call('chat', { prompt: 'Read this.', model: 'kimi-k2', files: [pathOf()] });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^path_not_allowed: /);
    expect(result.text).toMatch(rule);
    expect(result.text).toContain('EXAI_ALLOWED_ROOTS');
    expect(result.text).not.toContain('outside the roots\n');
    expect(chatBodies(upstream)).toHaveLength(0);
    await expectStillServing();
  });

  it('refuses an image for a model that cannot see, naming what to do', async () => {
    const result = await harness.call('chat', {
      prompt: 'What is in the screenshot?',
      model: 'kimi-k2',
      images: [root.at('shot.png')],
    });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(
      /^invalid_argument: kimi:kimi-k2-0905-preview cannot see images\. Pick a vision model/,
    );
    expect(upstream.requests).toHaveLength(0);
    await expectStillServing();
  });

  it('sends an image to a vision model as an image part', async () => {
    const result = await harness.call('chat', {
      prompt: 'Describe it.',
      model: 'kimi:kimi-latest',
      images: [root.at('shot.png')],
    });
    expect(result.isError).toBe(false);
    const content = chatBodies(upstream)[0]?.messages.at(-1)?.content as Array<{ type: string }>;
    expect(content.map((part) => part.type)).toEqual(['text', 'image_url']);
  });
});
