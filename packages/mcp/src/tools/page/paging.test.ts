import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectToolHarness, type ToolHarness } from '../tool-test-helpers.js';
import { continuationFooter } from '../../model-turn/run-model-turn.js';

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
