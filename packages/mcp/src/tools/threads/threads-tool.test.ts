import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectToolHarness, type ToolHarness } from '../tool-test-helpers.js';
import { pageResult } from '../page/result-pages.js';

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
  harness = await connectToolHarness(upstream, { runtime: { limits: { maxResultTokens: 200 } } });
});
afterEach(async () => {
  await harness.close();
});

async function chat(prompt: string, reply: string): Promise<string> {
  upstream.enqueue({ reply: { text: reply } });
  const result = await harness.call('chat', { prompt, model: 'kimi-k2' });
  expect(result.isError).toBe(false);
  return String(result.structured.continuation_id);
}

describe('threads', () => {
  it('lists the tenant’s conversations newest first, hiding stored result pages', async () => {
    const older = await chat('How do I tune Postgres autovacuum?', 'Lower the scale factor.');
    const newer = await chat('Which queue for jobs?', 'BullMQ.');
    await pageResult({
      runtime: harness.runtime,
      tenantId: 'default',
      toolName: 'chat',
      text: 'x\n'.repeat(2_000),
    });
    const all = await harness.store.listThreads('default');
    expect(all.items).toHaveLength(3);

    const result = await harness.call('threads', { action: 'list' });
    expect(result.isError).toBe(false);
    const threads = result.structured.threads as Array<{ id: string; tool: string; turns: number }>;
    expect(threads.map((thread) => thread.id)).toEqual([newer, older]);
    expect(threads[0]).toMatchObject({ tool: 'chat', turns: 2 });
    expect(result.text).toContain(`- ${newer} [chat, 2 turns, updated `);
    expect(result.text).not.toContain('result (');

    const limited = await harness.call('threads', { action: 'list', limit: 1 });
    expect((limited.structured.threads as unknown[]).length).toBe(1);
    expect(limited.structured.more).toBe(true);
  });

  it('searches titles and messages', async () => {
    await chat('How do I tune Postgres autovacuum?', 'Lower the scale factor.');
    const other = await chat('Which queue for jobs?', 'BullMQ on Redis.');
    const result = await harness.call('threads', { action: 'search', query: 'REDIS' });
    expect((result.structured.threads as Array<{ id: string }>).map((thread) => thread.id)).toEqual([other]);
    expect(result.text).toMatch(/^Threads matching "REDIS" \(1\):/);
    const none = await harness.call('threads', { action: 'search', query: 'kubernetes' });
    expect(none.text).toBe('Threads matching "kubernetes": none.');
    const missing = await harness.call('threads', { action: 'search' });
    expect(missing.isError).toBe(true);
    expect(missing.text).toMatch(/^invalid_argument: threads search needs `query`/);
  });

  it('shows every turn of a thread, paged by the server when long', async () => {
    const id = await chat('Explain the design.', 'Part one.\n'.repeat(200));
    const result = await harness.call('threads', { action: 'show', id });
    expect(result.isError).toBe(false);
    expect(result.text).toMatch(new RegExp(`^Thread ${id}: Explain the design\\.`));
    expect(result.text).toContain('### 1. user via chat\n\nExplain the design.');
    expect(result.text).toContain('### 2. assistant (kimi:kimi-k2-0905-preview) via chat');
    const cursor = result.meta?.['exai/next_cursor'];
    expect(typeof cursor).toBe('string');
    const next = await harness.call('page', { cursor });
    expect(next.isError).toBe(false);
    expect(next.text).toContain('Part one.');
  });

  it('deletes a thread, and answers unknown ids with a clear not-found error', async () => {
    const id = await chat('Throwaway question', 'Throwaway answer.');
    const { tools } = await harness.client.listTools();
    expect(tools.find((tool) => tool.name === 'threads')?.annotations?.destructiveHint).toBe(true);

    const deleted = await harness.call('threads', { action: 'delete', id });
    expect(deleted.isError).toBe(false);
    expect(deleted.text).toBe(`Deleted thread ${id} (2 turns): Throwaway question`);
    expect(await harness.store.getThread('default', id)).toBeUndefined();
    const audit = await harness.store.listAudit('default', { action: 'thread.delete' });
    expect(audit.items[0]?.target).toBe(id);

    for (const action of ['delete', 'show']) {
      const again = await harness.call('threads', { action, id });
      expect(again.isError).toBe(true);
      expect(again.text).toBe(
        `record_not_found: No thread "${id}" exists (it may have expired or been deleted); threads list shows the ones that do.`,
      );
    }
    const noId = await harness.call('threads', { action: 'show' });
    expect(noId.text).toMatch(/^invalid_argument: threads show needs `id`/);
  });

  it('never shows another tenant’s threads', async () => {
    const id = await chat('Tenant default only', 'Yes.');
    const other = await connectToolHarness(upstream, { runtime: { store: harness.store, tenantId: 'acme' } });
    try {
      const list = await other.call('threads', { action: 'list' });
      expect(list.structured.threads).toEqual([]);
      const show = await other.call('threads', { action: 'show', id });
      expect(show.isError).toBe(true);
      const remove = await other.call('threads', { action: 'delete', id });
      expect(remove.isError).toBe(true);
      expect(await harness.store.getThread('default', id)).toBeDefined();
    } finally {
      await other.close();
    }
  });
});
