import { describe, expect, it } from 'vitest';
import { createMemoryResponseCacheBackend } from './memory-response-cache-backend.js';
import type { CachedToolResult } from './response-cache-backend.js';

const entry = (text: string): CachedToolResult => ({ result: { text }, storedAt: 0 });

describe('the memory response-cache backend', () => {
  it('expires an entry after its TTL by the injected clock', async () => {
    let now = 1_000;
    const backend = createMemoryResponseCacheBackend({ now: () => now });
    await backend.set('k', entry('answer'), 60_000);
    now += 59_999;
    expect((await backend.get('k'))?.result.text).toBe('answer');
    now += 2;
    expect(await backend.get('k')).toBeUndefined();
  });

  it('keeps at most maxEntries, dropping the least recently used', async () => {
    const backend = createMemoryResponseCacheBackend({ maxEntries: 2 });
    await backend.set('a', entry('A'), 60_000);
    await backend.set('b', entry('B'), 60_000);
    await backend.get('a');
    await backend.set('c', entry('C'), 60_000);
    expect(await backend.get('b')).toBeUndefined();
    expect((await backend.get('a'))?.result.text).toBe('A');
    expect((await backend.get('c'))?.result.text).toBe('C');
  });

  it('stays within maxBytes, and does not keep an entry larger than the bound', async () => {
    const backend = createMemoryResponseCacheBackend({ maxBytes: 300 });
    await backend.set('a', entry('x'.repeat(120)), 60_000);
    await backend.set('b', entry('y'.repeat(120)), 60_000);
    await backend.set('c', entry('z'.repeat(120)), 60_000);
    expect(await backend.get('a')).toBeUndefined();
    expect(await backend.get('c')).toBeDefined();
    await backend.set('huge', entry('h'.repeat(400)), 60_000);
    expect(await backend.get('huge')).toBeUndefined();
  });

  it('hands out copies: changing a returned result does not change the stored entry', async () => {
    const backend = createMemoryResponseCacheBackend();
    const stored = { result: { text: 'answer', structuredContent: { models: ['a'] } }, storedAt: 0 };
    await backend.set('k', stored, 60_000);
    stored.result.structuredContent.models.push('changed after set');
    const first = await backend.get('k');
    (first?.result.structuredContent?.models as string[]).push('changed after get');
    expect((await backend.get('k'))?.result.structuredContent).toEqual({ models: ['a'] });
  });
});
