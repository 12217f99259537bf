import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectToolHarness, type ToolHarness } from '../tool-test-helpers.js';
import { continuationFooter } from '../../model-turn/run-model-turn.js';
import { pageResult } from './result-pages.js';

let upstream: FakeUpstream;
let harness: ToolHarness;

beforeAll(async () => {
  upstream = await createFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(async () => {
  upstream.reset();
  harness = await connectToolHarness(upstream, { runtime: { limits: { maxResultTokens: 100 } } });
});
afterEach(async () => {
  await harness.close();
});

const footer = /\n\n\[page (\d+) of (\d+): [^\]]*\]$/;

describe('paging of long results', () => {
  it('returns a result over maxResultTokens in pages through the page tool, losing nothing', async () => {
    const reply = Array.from(
      { length: 60 },
      (_, index) => `line ${index + 1}: ${'word '.repeat(index % 7)}end`,
    ).join('\n');
    upstream.enqueue({ reply: { text: reply } });
    const first = await harness.call('chat', { prompt: 'Write a long answer.', model: 'kimi-k2' });
    expect(first.isError).toBe(false);
    const expected = `${reply}\n\n${continuationFooter(
      {
        threadId: String(first.structured.continuation_id),
        model: String(first.structured.model),
        fallbacks: [],
        filesOmitted: [],
      },
      'chat',
    )}\n${String(first.structured.remaining_exchanges)} exchanges remaining in this thread.`;
    expect(expected.length).toBeGreaterThan(400 * 3);

    const pages: string[] = [];
    let text = first.text;
    let cursor = first.meta?.['exai/next_cursor'];
    expect(typeof cursor).toBe('string');
    expect(text).toMatch(new RegExp(`call the page tool with cursor "${String(cursor)}"`));
    for (;;) {
      const match = footer.exec(text);
      expect(match).not.toBeNull();
      pages.push(text.slice(0, match!.index));
      expect(pages.at(-1)!.length).toBeLessThanOrEqual(400);
      if (cursor === undefined) break;
      const next = await harness.call('page', { cursor });
      expect(next.isError).toBe(false);
      expect(next.structured.page).toBe(pages.length + 1);
      text = next.text;
      cursor = next.structured.next_cursor;
    }
    expect(pages.length).toBeGreaterThan(3);
    expect(footer.exec(text)?.slice(1)).toEqual([String(pages.length), String(pages.length)]);
    expect(text).toMatch(/the end of the result\]$/);
    expect(pages.join('')).toBe(expected);
  });

  it('leaves a short result whole, and refuses a cursor that names nothing', async () => {
    upstream.enqueue({ reply: { text: 'Short.' } });
    const short = await harness.call('chat', { prompt: 'Be brief.', model: 'kimi-k2' });
    expect(short.meta?.['exai/next_cursor']).toBeUndefined();
    expect(short.text).toMatch(/^Short\.\n\n---\ncontinuation_id: /);
    const unknown = await harness.call('page', { cursor: 'no-such-thread:2' });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toMatch(/^record_not_found: No stored result for cursor "no-such-thread:2"/);
  });
});

/** Every page of the result a first page starts, through the page tool, footers removed. */
async function readAll(first: { text: string; cursor: unknown }): Promise<string> {
  const parts = [first.text.replace(footer, '')];
  let cursor = first.cursor;
  while (typeof cursor === 'string') {
    const next = await harness.call('page', { cursor });
    expect(next.isError, next.text).toBe(false);
    parts.push(next.text.replace(footer, ''));
    cursor = next.structured.next_cursor;
  }
  return parts.join('');
}

const longReply = (tag: string) =>
  Array.from({ length: 40 }, (_, index) => `${tag} line ${index + 1}: ${'word '.repeat(index % 5)}`).join(
    '\n',
  );

async function longChat(tag: string, continuationId?: string) {
  upstream.enqueue({ reply: { text: longReply(tag) } });
  const result = await harness.call('chat', {
    prompt: `Write a long answer about ${tag}.`,
    model: 'kimi-k2',
    ...(continuationId !== undefined && { continuation_id: continuationId }),
  });
  expect(result.isError, result.text).toBe(false);
  const cursor = result.meta?.['exai/next_cursor'];
  expect(typeof cursor).toBe('string');
  return { id: String(result.structured.continuation_id), text: result.text, cursor: String(cursor) };
}

describe('the pages of a conversation’s long results', () => {
  it('are deleted with the conversation by the threads tool', async () => {
    const { id, cursor } = await longChat('alpha');
    const before = await harness.store.listThreads('default', { includeExpired: true });
    expect(before.items).toHaveLength(2);

    const deleted = await harness.call('threads', { action: 'delete', id });
    expect(deleted.isError, deleted.text).toBe(false);
    const after = await harness.store.listThreads('default', { includeExpired: true });
    expect(after.items).toEqual([]);
    const page = await harness.call('page', { cursor });
    expect(page.isError).toBe(true);
    expect(page.text).toMatch(/^record_not_found: No stored result for cursor/);
    expect(page.text).not.toContain('alpha line');
  });

  it('are refused as soon as the conversation is gone, whatever deleted it', async () => {
    const { id, cursor } = await longChat('beta');
    // Deleted behind the tools' back (as retention or another adapter's code might).
    expect(await harness.store.deleteThread('default', id)).toBe(true);
    const page = await harness.call('page', { cursor });
    expect(page.isError).toBe(true);
    expect(page.text).toContain(`the conversation ${id} it belongs to was deleted or has expired`);
  });

  it('expire no later than the conversation, and are refused once it has expired', async () => {
    await harness.close();
    harness = await connectToolHarness(upstream, {
      runtime: { limits: { maxResultTokens: 100, threadTtlInMs: 1_500 } },
    });
    const { id, cursor } = await longChat('gamma');
    const threads = (await harness.store.listThreads('default', { includeExpired: true })).items;
    const conversation = threads.find((thread) => thread.id === id);
    const pages = threads.find((thread) => thread.id !== id);
    expect(pages?.metadata).toMatchObject({ kind: 'result-pages', threadId: id });
    expect(pages!.expiresAt!.getTime()).toBeLessThanOrEqual(conversation!.expiresAt!.getTime());
    expect((await harness.call('page', { cursor })).isError).toBe(false);

    await new Promise((resolve) => setTimeout(resolve, 1_600));
    const page = await harness.call('page', { cursor });
    expect(page.isError).toBe(true);
    expect(page.text).toMatch(/^record_not_found: /);
    // The sweep takes both at once.
    await harness.store.expire(conversation!.expiresAt!);
    expect(await harness.store.getThread('default', pages!.id)).toBeDefined();
    await harness.store.expire(new Date(conversation!.expiresAt!.getTime() + 1));
    expect((await harness.store.listThreads('default', { includeExpired: true })).items).toEqual([]);
  });

  it('keep every result of a conversation readable, and go with it, threads show included', async () => {
    const first = await longChat('delta');
    const second = await longChat('epsilon', first.id);
    expect(second.id).toBe(first.id);
    const shown = await harness.call('threads', { action: 'show', id: first.id });
    const shownCursor = shown.meta?.['exai/next_cursor'];
    expect(typeof shownCursor).toBe('string');
    // One thread holds the pages of all three results.
    expect((await harness.store.listThreads('default', { includeExpired: true })).items).toHaveLength(2);

    expect(await readAll(first)).toContain(longReply('delta'));
    expect(await readAll(second)).toContain(longReply('epsilon'));
    const show = await readAll({ text: shown.text, cursor: shownCursor });
    expect(show).toContain(longReply('delta'));
    expect(show).toContain(longReply('epsilon'));

    await harness.call('threads', { action: 'delete', id: first.id });
    expect((await harness.store.listThreads('default', { includeExpired: true })).items).toEqual([]);
    for (const cursor of [first.cursor, second.cursor, shownCursor]) {
      expect((await harness.call('page', { cursor })).isError).toBe(true);
    }
  });

  it('reads each result whole when parallel calls store their pages at once', async () => {
    const { id } = await longChat('zeta');
    const texts = ['one', 'two', 'three'].map((tag) => `${longReply(tag)}\n`.repeat(2));
    const paged = await Promise.all(
      texts.map((text) =>
        pageResult({ runtime: harness.runtime, tenantId: 'default', toolName: 'chat', text, threadId: id }),
      ),
    );
    for (const [index, result] of paged.entries()) {
      expect(await readAll({ text: result.text, cursor: result.nextCursor })).toBe(texts[index]);
    }
  });

  it('include what an answer over the size cap kept, when it continued the conversation', async () => {
    const { id } = await longChat('eta');
    await harness.close();
    harness = await connectToolHarness(upstream, {
      runtime: { store: harness.store, limits: { maxResultTokens: 100, maxAnswerBytes: 500 } },
    });
    upstream.enqueue({ reply: { text: 'z'.repeat(2_000) } });
    const capped = await harness.call('chat', { prompt: 'More.', model: 'kimi-k2', continuation_id: id });
    expect(capped.text).toMatch(/^answer_too_large: /);
    const cursor = /cursor "([^"]+)"/.exec(capped.text)?.[1];
    expect((await harness.call('page', { cursor })).isError).toBe(false);

    await harness.call('threads', { action: 'delete', id });
    expect((await harness.store.listThreads('default', { includeExpired: true })).items).toEqual([]);
  });
});
