import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectToolHarness, type ToolHarness } from '../tools/tool-test-helpers.js';
import { cutToBytes } from './answer-size-cap.js';

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
  harness = await connectToolHarness(upstream, { runtime: { limits: { maxAnswerBytes: 1_000 } } });
});
afterEach(async () => {
  await harness.close();
});

/** The cursor the error names, read back through the page tool. */
async function keptText(errorText: string): Promise<string> {
  const cursor = /cursor "([^"]+)"/.exec(errorText)?.[1];
  expect(cursor).toBeDefined();
  const page = await harness.call('page', { cursor });
  expect(page.isError).toBe(false);
  return page.text.replace(/\n\n\[page \d+ of \d+: [^\]]*\]$/, '');
}

describe('the answer size cap', () => {
  it('closes the stream past the cap, fails with answer_too_large and keeps the part received', async () => {
    upstream.enqueue({ reply: { text: 'x'.repeat(5_000), chunks: 100 }, chunkDelayMs: 5 });
    const result = await harness.call('chat', { prompt: 'write a lot', model: 'kimi-k2' }, () => {});
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^answer_too_large: /);
    expect(result.text).toContain('cap of 1000 bytes');
    expect(result.text).toContain('EXAI_MAX_ANSWER_BYTES');
    expect(await keptText(result.text)).toBe('x'.repeat(1_000));
    // The client left before the upstream finished its 100 chunks.
    await vi.waitFor(() => expect(upstream.requests[0]?.clientAborted).toBe(true));
    // The cut answer is not a turn of a conversation.
    const threads = await harness.store.listThreads('default');
    expect(threads.items.map((thread) => thread.metadata.kind)).toEqual(['result-pages']);
  });

  it('cuts a plain (non-streamed) answer at the cap too', async () => {
    upstream.enqueue({ reply: { text: 'y'.repeat(3_000) } });
    const result = await harness.call('chat', { prompt: 'write a lot', model: 'kimi-k2' });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('answer_too_large');
    expect(await keptText(result.text)).toBe('y'.repeat(1_000));
  });

  it('lets an answer within the cap through', async () => {
    upstream.enqueue({ reply: { text: 'z'.repeat(900) } });
    const result = await harness.call('chat', { prompt: 'write', model: 'kimi-k2' });
    expect(result.isError).toBe(false);
    expect(result.text).toContain('z'.repeat(900));
  });
});

describe('cutToBytes', () => {
  it('never splits a multi-byte character', () => {
    expect(cutToBytes('aé', 2)).toBe('a');
    expect(cutToBytes('aé', 3)).toBe('aé');
    expect(cutToBytes('€€', 5)).toBe('€');
  });
});
