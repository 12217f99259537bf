import { utimes } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileService } from '@exai/core';
import { createTemporaryTree, type TemporaryTree } from '@exai/core/test';
import { fileFingerprints, responseCacheKey, type ResponseCacheKeyParts } from './response-cache-key.js';

const base: ResponseCacheKeyParts = {
  namespace: 'config-1',
  version: '1.0.0',
  tenantId: 'acme',
  tool: 'chat',
  input: { prompt: 'Is 3 retries enough?', model: 'kimi-k2', temperature: 0.2, thinking: 'high' },
  models: ['kimi:kimi-k2-0905-preview', 'glm:glm-4.6'],
  prompts: ['You are a senior engineer.'],
  locale: 'fr-FR',
  files: [{ path: '/src/a.ts', sha256: 'a'.repeat(64) }],
};

describe('the response-cache key', () => {
  it('is a hex SHA-256 that does not depend on the order of the input fields', () => {
    const key = responseCacheKey(base);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const reordered = {
      thinking: 'high',
      temperature: 0.2,
      model: 'kimi-k2',
      prompt: 'Is 3 retries enough?',
    };
    expect(responseCacheKey({ ...base, input: reordered })).toBe(key);
  });

  it.each<[string, Partial<ResponseCacheKeyParts>]>([
    ['the tenant', { tenantId: 'globex' }],
    ['the tool', { tool: 'consensus' }],
    ['the configuration', { namespace: 'config-2' }],
    ['the exai version', { version: '1.0.1' }],
    ['the prompt', { input: { ...(base.input as object), prompt: 'Is 4 retries enough?' } }],
    ['the requested model', { input: { ...(base.input as object), model: 'glm-4.6' } }],
    ['the temperature', { input: { ...(base.input as object), temperature: 0.3 } }],
    ['the thinking mode', { input: { ...(base.input as object), thinking: 'low' } }],
    ['an added parameter', { input: { ...(base.input as object), system: 'Answer in a table.' } }],
    ['an added max tokens', { input: { ...(base.input as object), max_tokens: 100 } }],
    ['the resolved model', { models: ['kimi:kimi-k2-turbo-preview', 'glm:glm-4.6'] }],
    ['the fallback chain', { models: ['kimi:kimi-k2-0905-preview'] }],
    ['the system prompt', { prompts: ['You are a careful engineer.'] }],
    ['the locale', { locale: 'de-DE' }],
    ['a file content', { files: [{ path: '/src/a.ts', sha256: 'b'.repeat(64) }] }],
    ['a file path', { files: [{ path: '/src/b.ts', sha256: 'a'.repeat(64) }] }],
    ['an added file', { files: [...base.files, { path: '/src/b.ts', sha256: 'c'.repeat(64) }] }],
  ])('changes with %s', (_what, change) => {
    expect(responseCacheKey({ ...base, ...change })).not.toBe(responseCacheKey(base));
  });
});

describe('file fingerprints', () => {
  let tree: TemporaryTree;
  beforeEach(async () => {
    tree = await createTemporaryTree();
    await tree.write({ 'src/a.ts': 'export const a = 1;\n', 'src/b.ts': 'export const b = 2;\n' });
  });
  afterEach(async () => {
    await tree.remove();
  });

  it('hash the bytes of every file of a folder: content changes, a touched mtime does not', async () => {
    const files = createFileService({ allowedRoots: [tree.base] });
    const first = await fileFingerprints(files, [tree.at('src'), undefined]);
    expect(first.map((entry) => entry.path)).toEqual([tree.at('src/a.ts'), tree.at('src/b.ts')]);
    expect(first.every((entry) => /^[0-9a-f]{64}$/.test(entry.sha256 ?? ''))).toBe(true);

    const later = new Date(Date.now() + 3_600_000);
    await utimes(tree.at('src/a.ts'), later, later);
    expect(await fileFingerprints(files, [tree.at('src')])).toEqual(first);

    await tree.write({ 'src/b.ts': 'export const b = 3;\n' });
    const changed = await fileFingerprints(files, [tree.at('src')]);
    expect(changed[0]).toEqual(first[0]);
    expect(changed[1]?.sha256).not.toBe(first[1]?.sha256);
  });

  it('refuse a path outside the allowed roots as the tools do', async () => {
    const files = createFileService({ allowedRoots: [tree.at('src')] });
    await expect(fileFingerprints(files, [tree.base + '/../etc/passwd'])).rejects.toThrow();
  });
});
